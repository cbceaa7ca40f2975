import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in
# these tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(width=1280, height=900):
        # bypass_csp lets axe inject its script; the site's own CSP is tested elsewhere.
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=True, locale="nl-NL"
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
