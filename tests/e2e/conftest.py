import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browse():
    """Run ``fn(page)`` in a fresh browser context and return its result.

    Playwright's sync API switches greenlets, which hides the test thread's
    Django connection state; so the browser lives in a thread of its own and
    the test thread keeps Django to itself.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium.")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser")
    state = {}

    def start():
        state["playwright"] = sync_playwright().start()
        state["browser"] = state["playwright"].chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )

    executor.submit(start).result(timeout=120)

    def run(fn, width=1280, height=900, javascript=True):
        def task():
            # The site's content security policy stays on, as users get it; axe runs through
            # page.evaluate, which a page's CSP does not govern. Any violation fails the test.
            context = state["browser"].new_context(
                viewport={"width": width, "height": height}, locale="nl-NL",
                java_script_enabled=javascript,
            )
            violations = []
            page = context.new_page()
            page.on("console", lambda message: violations.append(message.text)
                    if "Content Security Policy" in message.text else None)
            try:
                result = fn(page)
            finally:
                context.close()
            if violations:
                raise AssertionError(f"Content Security Policy violations: {violations}")
            return result

        return executor.submit(task).result(timeout=180)

    yield run

    def stop():
        state["browser"].close()
        state["playwright"].stop()

    executor.submit(stop).result(timeout=60)
    executor.shutdown()
