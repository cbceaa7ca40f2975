"""The site as a person uses it: keyboard, phone width, login, and axe's accessibility rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERIOUS = {"serious", "critical"}


def _serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x)"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def test_home_page_on_a_phone(live_server, page_factory, programme, tmp_path):
    page = page_factory(width=375, height=740)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / "home-phone.png"), full_page=True)
    assert _serious_violations(page) == []


def test_skip_link_is_the_first_tab_stop(live_server, page_factory, programme):
    page = page_factory()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_participant_logs_in_and_lands_on_my_leergang(live_server, page_factory, participant, edition1):
    page = page_factory()
    page.goto(live_server.url + "/accounts/login/")
    assert _serious_violations(page) == []
    page.get_by_label("E-mail").fill(participant.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/mijn-leergang/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn leergang"
    assert edition1.title in page.content()
    assert _serious_violations(page) == []


def test_wrong_password_is_announced(live_server, page_factory, participant):
    page = page_factory()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(participant.email)
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    alert = page.get_by_role("alert")
    assert "niet correct" in alert.inner_text()
