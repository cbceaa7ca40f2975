"""Every kind of page, on the narrowest phone (320 px): nothing scrolls sideways, and axe
finds no serious or critical violation.

The pages are the ones the markup check finds by following links on the demo
(tests/test_markup.py), one of each kind, seen by whoever sees most of it: the facilitator
first, then a participant, then a visitor.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.e2e.test_browser import serious_violations
from tests.test_markup import crawl, kind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READERS = ("begeleider@example.org", "deelnemer1@example.org", None)


def test_every_kind_of_page_fits_a_phone_and_passes_axe(live_server, browse):
    call_command("seed_demo", password="phone-check")
    users = get_user_model().objects
    visits, covered = [], set()
    for email in READERS:
        client = Client()
        if email:
            client.force_login(users.get(email=email))
        cookie = client.cookies.get("sessionid")
        for url in crawl(client):
            if url.startswith("/deze-pagina") or kind(url) in covered:
                continue
            covered.add(kind(url))
            visits.append((email or "visitor", cookie.value if cookie else None, url))
    assert len(visits) >= 40, visits

    def check(chunk):
        def run(page):
            problems, session = [], None
            for reader, cookie, url in chunk:
                if cookie != session:
                    page.context.clear_cookies()
                    if cookie:
                        page.context.add_cookies([{"name": "sessionid", "value": cookie,
                                                   "url": live_server.url}])
                    session = cookie
                page.goto(live_server.url + url)
                if cookie and "/accounts/login/" in page.url and "/accounts/login/" not in url:
                    problems.append(f"{reader} {url}: not signed in")  # would check the login
                width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if width[0] > width[1]:
                    problems.append(f"{reader} {url}: {width[0]} px wide on {width[1]} px")
                problems += [f"{reader} {url}: {v}" for v in serious_violations(page)]
            return problems
        return run

    problems = []
    for start in range(0, len(visits), 20):  # each browser task has a time limit
        problems += browse(check(visits[start:start + 20]), width=320, height=640)
    assert problems == [], "\n".join(problems)
