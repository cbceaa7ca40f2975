"""Canary sweep: edition B's members write a unique token into every field they can; then
a participant of A, a facilitator of A only and a visitor look for every token in every
channel they reach (pages found by following links, search, the public API, the sitemap,
feeds, exports, notifications, the emails they were sent (digests too), the admin's listings, search,
choosers, previews and revisions, and every object URL of the site and the API asked with
every id there is and its neighbours, which answer 404 pages where they must).
Nothing of B may show. The same sweep by B's own people finds every token, so the sweep
itself can fail.
"""

import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from cohort.cases import services as cases
from cohort.cases.models import CaseAttachment
from cohort.consent import services as consent
from cohort.models import Membership
from cohort.notifications import delivery, outbox
from cohort.threads import services as threads
from tests.cases_tests.conftest import CASE_TEXT, PDF, make_case
from tests.factories import expand_notifications, member
from tests.test_markup import crawl
from tests.threads_tests.conftest import post, reflect

pytestmark = pytest.mark.django_db


# The site's object URLs by the id they take, and the model whose ids to try.
ID_MODELS = {
    "cohort:member": ("pk", "cohort.User"),
    "cohort:member_photo": ("pk", "cohort.User"),
    "cases:detail": ("pk", "cases.Case"),
    "cases:edit": ("pk", "cases.Case"),
    "cases:submit": ("pk", "cases.Case"),
    "cases:list": ("cohort_pk", "cohort.CohortPage"),
    "threads:reflections": ("cohort_pk", "cohort.CohortPage"),
    "threads:threads": ("cohort_pk", "cohort.CohortPage"),
    "threads:reflection": ("pk", "threads.Reflection"),
    "threads:reflection_history": ("pk", "threads.Reflection"),
    "threads:comment": ("pk", "threads.Comment"),
    "threads:comment_history": ("pk", "threads.Comment"),
    "threads:thread": ("pk", "threads.Thread"),
    "threads:mentionable_case": ("case_pk", "cases.Case"),
    "threads:mentionable_reflection": ("reflection_pk", "threads.Reflection"),
    "consent:detail": ("pk", "consent.QuoteConsent"),
    "notifications:open": ("pk", "notifications.Notification"),
    "programme:session_ics": ("pk", "programme.Session"),
    "programme:cohort_progress": ("pk", "cohort.CohortPage"),
    "programme:cohort_progress_csv": ("pk", "cohort.CohortPage"),
    "desk:edition": ("pk", "cohort.CohortPage"),
}

TOKENS = {
    "case_title": "kanarie1titel", "case_situation": "kanarie2situatie",
    "case_question": "kanarie3vraag", "draft_title": "kanarie4concept",
    "attachment_name": "kanarie5bijlage", "attachment_content": "kanarie6inhoud",
    "feedback": "kanarie7feedback", "reflection": "kanarie8reflectie",
    "comment": "kanarie9reactie", "bio": "kanarie10bio", "organisation": "kanarie11org",
    "consent_note": "kanarie12notitie",
}


@pytest.fixture
def canaries(world, edition2, block, prompts, django_capture_on_commit_callbacks):
    from tests.blog_tests.factories import blog_index
    from tests.blog_tests.factories import post as blog_post

    people = world[0]
    writer = people["participant of B"]
    writer.bio, writer.organisation = TOKENS["bio"], TOKENS["organisation"]
    writer.save()
    peer = member(edition2, first_name="Pim", email="pim@example.org")
    facilitator = people["facilitator of B"]
    with django_capture_on_commit_callbacks(execute=True):
        pdf = SimpleUploadedFile(f"{TOKENS['attachment_name']}.pdf",
                                 PDF + TOKENS["attachment_content"].encode())
        case = make_case(writer, edition2, files=[pdf], title=TOKENS["case_title"],
                         situation=f"{CASE_TEXT['situation']} {TOKENS['case_situation']}",
                         question=TOKENS["case_question"])
        make_case(writer, edition2, status="draft", title=TOKENS["draft_title"])
        cases.case_feedback_add(user=facilitator, case=case, body=TOKENS["feedback"],
                                visibility="audience")
        comment = post(peer, threads.thread_for_case(case),
                       f"{TOKENS['comment']} voor @Lotte")
        reflect(writer, edition2, block, prompts[1], body=TOKENS["reflection"])
        consent.consent_request(user=facilitator, source=comment, excerpt=TOKENS["comment"],
                                post=blog_post(blog_index(slug="blog-b"), title="Deel 9"),
                                note=TOKENS["consent_note"])
    expand_notifications()
    # Every email there is to send: the direct ones, each member's digest, the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        delivery.send_due_emails(now=timezone.now() + datetime.timedelta(days=1))
        delivery.send_digests(force=True)
    for email_id in outbox.email_pending_ids(older_than_seconds=-60):
        outbox.email_send(email_id)
    assert any("brief" in message.subject.lower() or "digest" in message.subject.lower()
               for message in mail.outbox), [m.subject for m in mail.outbox]
    return people, {"writer": writer, "peer": peer, "facilitator": facilitator}


def channels(client, user=None):
    """Every text this client can reach: {where: text}."""
    seen = {url: html for url, html in crawl(client).items()}
    for token in TOKENS.values():
        page = client.get(reverse("search:search"), {"q": token}).text
        # The results only: the page repeats what was asked.
        seen[f"search {token}"] = page.partition('<ol class="search-results">')[2] \
            .partition("</ol>")[0]
    for url in ("/api/v2/pages/?limit=100", "/api/v2/images/", "/api/v2/documents/",
                "/sitemap.xml", "/blog/feed/", "/blog/feed/atom/", "/blog-b/feed/",
                reverse("cases:export_own"), reverse("notifications:list")):
        seen[url] = _text(client.get(url))
    if user is not None:
        for membership in Membership.objects.filter(user=user):
            seen[f"calendar {membership.cohort_id}"] = _text(
                client.get(reverse("programme:calendar_feed", args=[membership.calendar_token])))
            for name, kwargs in (("cases:export_cohort", {"cohort_pk": membership.cohort_id}),
                                 ("programme:cohort_progress_csv", {"pk": membership.cohort_id})):
                seen[f"{name} {membership.cohort_id}"] = _text(client.get(reverse(name,
                                                                                 kwargs=kwargs)))
        for message in mail.outbox:
            if user.email in message.to:
                seen[f"email {message.subject}"] = message.subject + message.body + "".join(
                    str(content) for content, _type in getattr(message, "alternatives", []))
        if user.is_staff or user.groups.exists():
            for url in ("/admin/", "/admin/pages/search/?q=kanarie", "/admin/memberships/",
                        "/admin/invitations/", "/admin/memberships/?export=csv",
                        "/admin/choose-page/search/?q=kanarie", "/admin/images/chooser/",
                        "/admin/documents/chooser/", "/admin/citaten/?q=kanarie",
                        "/admin/reports/site-history/", "/admin/reports/locked/"):
                seen[url] = _text(client.get(url))
            for pk in _ids(Page):  # each page's edit form, preview, revisions and history
                for url in (f"/admin/pages/{pk}/edit/", f"/admin/pages/{pk}/view_draft/",
                            f"/admin/pages/{pk}/history/", f"/admin/pages/{pk}/revisions/"):
                    seen[url] = _text(client.get(url))
    seen.update(by_id(client))
    return seen


def _ids(model):
    """Every id there is and its neighbours (on PostgreSQL ids go on counting from earlier
    tests, and the pages migrations made keep ids 1 and 2: a plain 1…N would be thousands)."""
    pks = set(model.objects.values_list("pk", flat=True))
    return sorted({n for pk in pks for n in (pk - 1, pk, pk + 1) if n > 0})


def by_id(client):
    """Every object URL of the site and the API, asked for every id there is and its neighbours: {url: text}. What
    answers 404 is read too (a 404 page must not name what it hides)."""
    from tests.trust_tests.test_url_matrix import ACCESS

    seen = {}
    for name, kind in ACCESS.items():
        if isinstance(kind, tuple) or name not in ID_MODELS:
            continue
        key, label = ID_MODELS[name]
        for pk in _ids(apps.get_model(label)):
            response = client.get(reverse(name, kwargs={key: pk}))
            if response.status_code == 405:
                break  # a POST-only view: no id shows anything
            seen[f"{name} {pk}"] = _text(response, any_status=True)
    for attachment in CaseAttachment.objects.all():
        url = reverse("cases:attachment", args=[attachment.case_id, attachment.pk])
        seen[url] = _text(client.get(url), any_status=True)
    for kind, model in (("pages", Page), ("images", get_image_model()),
                        ("documents", get_document_model())):
        for pk in _ids(model):
            seen[f"/api/v2/{kind}/{pk}/"] = _text(client.get(f"/api/v2/{kind}/{pk}/"),
                                                  any_status=True)
    return seen


def _text(response, any_status=False):
    if response.status_code != 200 and not (any_status and response.status_code < 500):
        return ""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # a ZIP export: every file in it
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(name + " " + archive.read(name).decode("utf-8", "replace")
                            for name in archive.namelist())
    return content.decode("utf-8", "replace")


def hits(seen):
    return {key: sorted(where for where, text in seen.items() if token in text)
            for key, token in TOKENS.items()}


def test_nothing_of_edition_b_reaches_anyone_outside_it(canaries):
    people, _b = canaries
    found = {}
    for role in ("visitor", "participant of A", "facilitator of A"):
        client, user = Client(), people.get(role)
        if user is not None:
            client.force_login(user)
        for key, where in hits(channels(client, user)).items():
            if where:
                found[f"{role}: {key}"] = where
    assert found == {}


def test_the_same_sweep_finds_every_token_from_inside_edition_b(canaries):
    _people, b = canaries
    missing = set(TOKENS)
    for user in b.values():
        client = Client()
        client.force_login(user)
        for key, where in hits(channels(client, user)).items():
            if where:
                missing.discard(key)
    assert missing == set()
