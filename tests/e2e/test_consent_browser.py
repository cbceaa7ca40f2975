"""The consent pages in Chromium: axe on desktop and phone, no sideways scrolling, and the
author's answer given with the keyboard."""

import pytest

from cohort.consent import services
from tests.blog_tests.factories import blog_index, post
from tests.e2e.test_browser import serious_violations
from tests.e2e.test_threads_browser import Visitor, browser_of
from tests.threads_tests import conftest as threads_fixtures
from tests.threads_tests.conftest import reflect

block = threads_fixtures.block
prompts = threads_fixtures.prompts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_consent_page_is_accessible_and_answered_by_keyboard(live_server, browse, block,
                                                                 prompts, participant,
                                                                 facilitator, edition1):
    reflection = reflect(participant, edition1, block, prompts[1],
                         body="Ik liet het actiepunt bewust liggen, en het werd opgepakt.")
    blog_post = post(blog_index(), title="Deel 2", state="draft")
    consent = services.consent_request(user=facilitator, source=reflection,
                                       excerpt="Ik liet het actiepunt bewust liggen",
                                       post=blog_post, note="Een mooi voorbeeld.")

    def visit(page):
        results = {}
        for width, height in ((1280, 900), (375, 740)):
            visitor = Visitor(browser_of(page), live_server.url, participant, width=width,
                              height=height)
            for path in (consent.get_absolute_url(), "/toestemming/"):
                visitor.page.goto(live_server.url + path)
                results[(width, path)] = (serious_violations(visitor.page), visitor.page.evaluate(
                    "document.documentElement.scrollWidth <= window.innerWidth"))
            visitor.close()
        visitor = Visitor(browser_of(page), live_server.url, participant)
        p = visitor.page
        p.goto(live_server.url + consent.get_absolute_url())
        p.locator("input[name=choice][value=anonymous]").focus()
        p.keyboard.press("Space")
        p.locator("main form button[type=submit]").focus()
        with p.expect_navigation():
            p.keyboard.press("Enter")
        results["after"] = p.locator(".badge").first.inner_text()
        results["errors"] = visitor.console_errors + visitor.page_errors
        visitor.close()
        return results

    results = browse(visit)
    assert results.pop("errors") == []
    assert results.pop("after") == "ja, anoniem"
    for key, (violations, fits) in results.items():
        assert violations == [] and fits, key
    consent.refresh_from_db()
    assert consent.status == "anonymous"


def test_the_quote_blocks_chooser_lists_this_posts_consents(live_server, browse, block,
                                                            prompts, participant,
                                                            facilitator, edition1):
    """The chooser in the post's editor gets the post from the edit form (the widget's
    linked field) and lists that post's consents only."""
    reflection = reflect(participant, edition1, block, prompts[1],
                         body="Ik liet het actiepunt bewust liggen, en het werd opgepakt.")
    blog = blog_index()
    this_post, other_post = (post(blog, title="Deel 2", state="draft"),
                             post(blog, title="Deel 3", state="draft"))
    for text, target in (("Ik liet het actiepunt bewust liggen", this_post),
                         ("en het werd opgepakt", other_post)):
        services.consent_request(user=facilitator, source=reflection, excerpt=text,
                                 post=target, note="Een mooi voorbeeld.")
    page_ = this_post.get_latest_revision_as_object()
    page_.body.append(("leergang_quote", {"consent": None, "text": ""}))
    page_.save_revision()

    def visit(page):
        visitor = Visitor(browser_of(page), live_server.url, facilitator, height=1000)
        p = visitor.page
        p.goto(f"{live_server.url}/admin/pages/{this_post.pk}/edit/")
        quote = p.locator("[id$='-value-consent-chooser']").first
        quote.scroll_into_view_if_needed()
        with p.expect_response(lambda r: "/admin/citaten/" in r.url) as listing:
            quote.locator("[data-chooser-action-choose]").first.click()
        p.wait_for_selector(".modal-body table")
        result = {"url": listing.value.url, "modal": p.locator(".modal-body").inner_text(),
                  "errors": visitor.console_errors + visitor.page_errors}
        visitor.close()
        return result

    result = browse(visit)
    assert f"post={this_post.pk}" in result["url"]
    assert "Ik liet het actiepunt bewust liggen" in result["modal"]
    assert "en het werd opgepakt" not in result["modal"]
    assert result["errors"] == []
