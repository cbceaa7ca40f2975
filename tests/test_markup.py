"""Every page of the site passes the W3C Nu HTML checker (vnu.jar, the checker behind
validator.w3.org/nu) without errors.

The pages are found as people find them: on the demo, for a visitor, a participant of each
edition and the facilitator, in Dutch and in English, following the links of every page
from the home page and a few entries nobody links to (the 404 page, a search, the password
reset). Wagtail's admin is Wagtail's markup, not ours, and is left out.
"""

import json
import os
import re
import subprocess
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.markup, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# `make test` passes the jar of the version it fetched; run alone, the newest fetched.
VNU = Path(os.environ.get("VNU_JAR") or max(
    (Path(__file__).resolve().parent.parent / "var/vnu").glob("*/vnu.jar"), default="vnu.jar"))
# /taal/: the language links set the reader's language (each reader keeps their own).
LEFT_OUT = ("/admin/", "/api/", "/static/", "/media/", "/django-admin/", "/accounts/logout/",
            "/taal/")
ENTRIES = ("/", "/accounts/login/", "/accounts/password/reset/", "/zoeken/?q=rol",
           "/deze-pagina-bestaat-niet/")
PER_KIND = 3    # pages of one kind (the same path with other ids) checked per reader
PER_READER = 120


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def kind(path):
    """Pages that differ only by their ids or slugs below a section are one kind."""
    parts = urlsplit(path)
    shape = re.sub(r"\d+", "N", parts.path)
    return shape + ("?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&")))
                    if parts.query else "")


def crawl(client):
    """{url: html} of the pages this client reaches by links, each an HTML page."""
    pages, seen, kinds = {}, set(), Counter()
    queue = deque(ENTRIES)
    while queue and len(pages) < PER_READER:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if kinds[kind(url)] >= PER_KIND:
            continue
        response = client.get(url)
        if response.status_code not in (200, 404) or "text/html" not in response.get(
                "Content-Type", ""):
            continue
        kinds[kind(url)] += 1
        html = response.content.decode()
        pages[url] = html
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            href = urldefrag(href).url
            parts = urlsplit(href)
            if (parts.scheme or parts.netloc or not href.startswith("/")
                    or href.startswith(LEFT_OUT)):
                continue
            if href not in seen:
                queue.append(href)
    return pages


def readers():
    users = get_user_model().objects
    for email, language in ((None, "nl"), (None, "en"), ("deelnemer1@example.org", "nl"),
                            ("deelnemer1@example.org", "en"), ("deelnemer2@example.org", "nl"),
                            ("deelnemer5@example.org", "nl"),
                            ("editie2-deelnemer1@example.org", "nl"),
                            ("begeleider@example.org", "nl"), ("begeleider@example.org", "en")):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if email:
            client.force_login(users.get(email=email))
        yield f"{email or 'visitor'} ({language})", client, language


def test_every_page_passes_the_nu_html_checker(tmp_path):
    assert VNU.exists(), f"{VNU} is missing: `make test` fetches it (make vnu)."
    call_command("seed_demo", password="markup-check")
    files, wrong_language = {}, []
    for reader, client, language in readers():
        for url, html in crawl(client).items():
            if f'<html lang="{language}"' not in html:
                wrong_language.append(f"{reader} {url}")
            path = tmp_path / f"page-{len(files)}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = f"{reader} {url}"
    assert wrong_language == []  # each reader saw the pages in their language
    # Enough kinds of page to mean something: the crawl must not silently stop at the home.
    kinds = {kind(where.split(" ", 2)[2]) for where in files.values()}
    assert len(kinds) >= 40, sorted(kinds)
    result = subprocess.run(
        ["java", "-Xss16m", "-jar", str(VNU), "--format", "json", "--errors-only",
         *[str(tmp_path / name) for name in files]],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = sorted({
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: {m['message']}"
        f" [{m.get('extract', '')!s:.80}]"
        for m in messages if m.get("type") in ("error", "non-document-error")
    })
    assert errors == [], "\n".join(errors)
