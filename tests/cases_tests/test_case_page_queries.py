"""A case page costs the same whatever its history, feedback, attachments and edition hold,
for its author, a peer and a facilitator: at most 12 queries (issue 15)."""

import datetime

import pytest
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import CaseAttachment, CaseEvent
from cohort.notifications.models import Notification
from cohort.programme.models import BlockPage, Session
from tests.factories import cohort_page, member
from tests.queries import page_queries as _count

from .conftest import make_case, pdf_upload

pytestmark = pytest.mark.django_db

CASE_PAGE_MAX = 12


def _block(programme, number):
    block = BlockPage(title=f"Blok {number}", slug=f"blok-{number}", number=number,
                      theme="Rol", body=[("paragraph", "<p>Voor leden.</p>")])
    programme.add_child(instance=block)
    block.save_revision().publish()
    return block


def _grow(case, facilitator, programme, edition, n):
    """``n`` more sessions (named after their block) in the history, feedback with an
    earlier version, attachments, members, and an edition beside it."""
    start = timezone.now() - datetime.timedelta(days=30)
    for _ in range(n):
        number = BlockPage.objects.count() + 1
        session = Session.objects.create(cohort=edition, block=_block(programme, number),
                                         start=start, end=start + datetime.timedelta(hours=3))
        CaseEvent.objects.create(case=case, actor=facilitator, session=session,
                                 kind=CaseEvent.Kind.DISCUSSED, version=case.version)
        feedback = services.case_feedback_add(user=facilitator, case=case,
                                              body=f"Terugkoppeling {number}.",
                                              visibility="audience")
        services.case_feedback_edit(user=facilitator, feedback=feedback,
                                    body=f"Terugkoppeling {number}, aangevuld.",
                                    visibility="audience")
        upload = pdf_upload(f"bijlage-{number}.pdf")
        attachment = CaseAttachment(case=case, original_name=upload.name, size=upload.size,
                                    content_type="application/pdf", uploaded_by=case.author)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        member(edition, first_name=f"Lid{number}", email=f"lid{number}@example.org")
        cohort_page(programme, title=f"Editie naast {number}")


def test_a_case_page_does_not_grow_with_its_history_feedback_and_edition(
        client, programme, edition1, participant, peer, facilitator):
    case = make_case(participant, edition1, status="discussed", files=[pdf_upload()])
    url = case.get_absolute_url()
    # Something unread elsewhere: opening the case must not write for it.
    Notification.objects.create(recipient=peer, kind="case_submitted", cohort=edition1,
                                subject_key="case:0", title="Elders", url="/")
    _grow(case, facilitator, programme, edition1, 1)
    small = {user.pk: _count(client, user, url)[0] for user in (participant, peer, facilitator)}
    _grow(case, facilitator, programme, edition1, 4)
    for user in (participant, peer, facilitator):
        count, text = _count(client, user, url)
        assert count == small[user.pk] and count <= CASE_PAGE_MAX, (user.email, small, count)
        assert text.count("bijlage-") >= 5 and "Blok 5" in text  # what was counted shows
