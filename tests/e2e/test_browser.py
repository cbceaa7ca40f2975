"""The site as a person uses it: keyboard, phone width, login, and axe's accessibility rules."""

import contextlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x)"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def log_in(page, base_url, user):
    """Log in through the form, as a person does; lands on Mijn leergang."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/mijn-leergang/")


def test_home_page_on_a_phone(live_server, browse, programme, tmp_path):
    def visit(page):
        page.goto(live_server.url + "/")
        page.screenshot(path=str(tmp_path / "home-phone.png"), full_page=True)
        return {
            "h1": page.locator("h1").count(),
            "fits": page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"),
            "lang": page.evaluate("document.documentElement.lang"),
            "violations": serious_violations(page),
        }

    result = browse(visit, width=375, height=740)
    assert result == {"h1": 1, "fits": True, "lang": "nl", "violations": []}


def test_skip_link_is_the_first_tab_stop(live_server, browse, programme):
    def visit(page):
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.className")
        visible = page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        return first, visible, page.evaluate("document.activeElement.id")

    assert browse(visit) == ("skip-link", True, "main")


def test_participant_logs_in_and_lands_on_my_leergang(live_server, browse, participant, edition1):
    def visit(page):
        page.goto(live_server.url + "/accounts/login/")
        login_violations = serious_violations(page)
        page.get_by_label("E-mail").fill(participant.email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/mijn-leergang/")
        return {
            "login_violations": login_violations,
            "heading": page.get_by_role("heading", level=1).inner_text(),
            "lists_edition": edition1.title in page.content(),
            "violations": serious_violations(page),
        }

    assert browse(visit) == {
        "login_violations": [],
        "heading": "Mijn leergang",
        "lists_edition": True,
        "violations": [],
    }


def test_wrong_password_is_announced(live_server, browse, participant):
    def visit(page):
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("E-mail").fill(participant.email)
        page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        return page.get_by_role("alert").inner_text()

    assert "niet correct" in browse(visit)


def test_participant_opens_a_block_and_marks_it_done(live_server, browse, participant, edition1):
    import datetime

    from django.utils import timezone

    from cohort.programme.models import BlockPage, Session

    block = BlockPage(
        title="Jouw plek", slug="blok-1", number=1, theme="Rol",
        body=[
            ("heading", {"text": "Eén rol, veel namen", "level": "h2"}),
            ("role_cards", {"intro": "", "roles": [{"name": "Kwartiermaker", "line": "Bereidt voor."}]}),
            ("intervention", {"name": "Op je handen zitten", "when_to_use": "Als je trekt.",
                              "how": "Zwijg.", "pitfalls": ""}),
            ("reflection_prompt", {"question": "Wat nam je over?", "guidance": "",
                                   "post_before_seeing_peers": True}),
        ],
    )
    edition1.get_parent().add_child(instance=block)
    start = timezone.now() - datetime.timedelta(days=1)
    Session.objects.create(cohort=edition1, block=block, start=start,
                           end=start + datetime.timedelta(hours=2), location="Utrecht")

    def visit(page):
        log_in(page, live_server.url, participant)
        page.get_by_role("link", name="Blok 1: Jouw plek").click()
        violations = serious_violations(page)
        page.get_by_role("button", name="Markeer dit blok als klaar").click()
        return violations, page.get_by_role("status").inner_text()

    violations, status = browse(visit)
    assert violations == []
    assert "klaar" in status


def test_a_content_security_policy_violation_fails_a_browser_test(live_server, browse,
                                                                   programme):
    """The browser tests run with the site's CSP on; an inline script it blocks fails them."""

    def visit(page):
        page.goto(live_server.url + "/")
        # Playwright may report the blocked tag as an error too.
        with contextlib.suppress(Exception):
            page.add_script_tag(content="window.injected = true")
        page.wait_for_timeout(200)
        return page.evaluate("window.injected === true")

    with pytest.raises(AssertionError, match="Content Security Policy"):
        browse(visit)


def test_notifications_and_their_settings_on_a_phone(live_server, browse, participant, peer,
                                                     facilitator, edition1):
    from tests.cases_tests.conftest import make_case

    make_case(peer, edition1, title="Een casus om te melden")  # transactional: expanded at once

    def visit(page):
        log_in(page, live_server.url, participant)
        badge = page.locator(".site-menu__button .badge--count").inner_text()
        page.locator("summary.site-menu__button").click()  # on a phone the links are in the menu
        page.get_by_role("link", name="Meldingen").click()
        page.wait_for_url("**/meldingen/")
        listed = page.get_by_text("Een casus om te melden").count()
        list_violations = serious_violations(page)
        page.get_by_role("link", name="Hoe en wanneer je meldingen krijgt").click()
        page.get_by_label("dagelijks").check()
        page.get_by_role("button", name="Instellingen opslaan").click()
        page.wait_for_url("**/meldingen/instellingen/")
        return {
            "badge": badge, "listed": listed, "list": list_violations,
            "settings": serious_violations(page),
            "fits": page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"),
        }

    result = browse(visit, width=375, height=740)
    assert result == {"badge": "1", "listed": 1, "list": [], "settings": [], "fits": True}
    from cohort.notifications.models import NotificationPreference

    assert NotificationPreference.objects.get(user=participant).digest == "daily"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_phone_header_is_one_row_with_a_menu_button(live_server, browse, participant,
                                                        edition1, javascript):
    def visit(page):
        log_in(page, live_server.url, participant)
        nav = page.get_by_role("navigation", name="Hoofdnavigatie")
        button = page.locator("summary.site-menu__button")
        header = page.locator(".site-header__inner").bounding_box()
        out = {"one_row": header["height"] < 110, "nav_hidden": not nav.is_visible(),
               "fits": page.evaluate("document.documentElement.scrollWidth <= innerWidth")}
        button.focus()
        page.keyboard.press("Enter")  # the keyboard opens it, as a click does
        out["opens"] = nav.is_visible()
        out["violations"] = serious_violations(page) if javascript else []
        page.get_by_role("link", name="Mijn profiel").click()
        out["follows"] = page.url.endswith("/accounts/profile/")
        if javascript:
            page.locator("summary.site-menu__button").click()
            page.keyboard.press("Escape")
            out["escape_closes"] = not nav.is_visible()
            out["focus_back"] = page.evaluate("document.activeElement.tagName") == "SUMMARY"
        return out

    expected = {"one_row": True, "nav_hidden": True, "fits": True, "opens": True,
                "violations": [], "follows": True}
    if javascript:
        expected |= {"escape_closes": True, "focus_back": True}
    assert browse(visit, width=390, height=800, javascript=javascript) == expected


def test_a_wide_screen_shows_the_links_without_a_menu_button(live_server, browse, participant,
                                                              edition1):
    def visit(page):
        log_in(page, live_server.url, participant)
        return (page.get_by_role("navigation", name="Hoofdnavigatie").is_visible(),
                page.locator("summary.site-menu__button").is_visible())

    assert browse(visit) == (True, False)
