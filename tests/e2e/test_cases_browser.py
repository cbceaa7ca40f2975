"""A participant writes a case in the browser: draft, PDF attachment, submit; axe on each page."""

import pytest

from cohort.cases.models import Case
from tests.cases_tests.conftest import PDF
from tests.e2e.test_browser import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_participant_writes_attaches_and_submits_a_case(live_server, browse, participant, peer,
                                                        facilitator, edition1, tmp_path):
    pdf = tmp_path / "speelveld.pdf"
    pdf.write_bytes(PDF)

    def visit(page):
        log_in(page, live_server.url, participant)
        page.get_by_role("link", name="Schrijf een casus").first.click()
        form_violations = serious_violations(page)
        page.get_by_label("Titel").fill("Een tafel die niet beweegt")
        page.get_by_label("De situatie").fill("De partners wachten op mij.")
        page.get_by_label("Mijn vraag of dilemma").fill("Hoe geef ik het stuur terug?")
        page.get_by_label("Bijlagen").set_input_files(str(pdf))
        page.get_by_role("button", name="Concept opslaan").click()
        page.wait_for_url("**/casussen/*/")
        draft_line = page.locator(".audience").inner_text()
        page.get_by_role("link", name="Indienen").click()
        page.get_by_label("Ik heb derden geanonimiseerd", exact=False).check()
        page.get_by_role("button", name="Dien de casus in").click()
        page.wait_for_url("**/casussen/*/")
        return {
            "form_violations": form_violations,
            "draft_line": draft_line,
            "audience": page.locator(".audience").inner_text(),
            "attachment": page.get_by_role("link", name="speelveld.pdf").count(),
            "violations": serious_violations(page),
        }

    result = browse(visit, width=390, height=844)
    assert result["form_violations"] == [] and result["violations"] == []
    assert "alleen jij" in result["draft_line"]
    assert "2 deelnemers en de begeleiders" in result["audience"]
    assert result["attachment"] == 1
    case = Case.objects.get(title="Een tafel die niet beweegt")
    assert case.status == Case.Status.SUBMITTED and case.attachments.count() == 1
