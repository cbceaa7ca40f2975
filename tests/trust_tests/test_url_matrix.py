"""Every URL of the site × every role, made from the URL resolver: a URL nobody classified
fails the test, and what each role gets on a GET follows from its class.

Objects of every kind live in edition A; the roles are a visitor, participants of A (the
case's and the reflection's author, and a peer who wrote the comment), a participant of B,
someone removed from A, a member of no edition, and a facilitator of A only and of B only.
Whoever is outside edition A gets 404 (or 405 where the view takes POST only: nothing of
the object is looked up), never the object; visitors are sent to log in.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from cohort.cases import services as cases
from cohort.consent import services as consent
from cohort.models import Membership
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.models import Session
from cohort.services import facilitators_group_ensure
from cohort.threads import services as threads
from tests.cases_tests.conftest import CASE_TEXT, make_case, pdf_upload, png_bytes
from tests.factories import UserFactory, expand_notifications, member
from tests.threads_tests.conftest import post, reflect

pytestmark = pytest.mark.django_db

# The classes. EDITION: anyone in edition A; FACILITATOR: A's facilitators; AUTHOR: the
# object's author (others in A may or may not); PARTICIPANT: a participant of any edition
# (for their own edition); ANY_FACILITATOR: a facilitator of any edition (for her own);
# LOGIN: anyone signed in; PUBLIC: anyone.
PUBLIC, LOGIN, EDITION, FACILITATOR, AUTHOR = "public", "login", "edition", "facilitator", \
    "author"
PARTICIPANT, ANY_FACILITATOR = "participant", "any facilitator"
# Not in this matrix, each for a reason and with tests of its own.
ELSEWHERE = "elsewhere"

ACCESS = {
    "healthz": PUBLIC, "sitemap": PUBLIC, "set_language": PUBLIC, "wagtail_serve": PUBLIC,
    "search:search": PUBLIC,
    "wagtailcore_login": (ELSEWHERE, "sends everyone to our login page"),
    "wagtaildocs_serve": (ELSEWHERE, "tests/cohort_tests/test_documents.py"),
    "wagtaildocs_authenticate_with_password": (ELSEWHERE, "Wagtail's password-protected "
                                               "documents: no restriction uses a password"),
    "cohort:image_serve": (ELSEWHERE, "signed URLs: tests/cohort_tests/test_images.py"),
    "notifications:unsubscribe": (ELSEWHERE, "a personal token: tests/notifications_tests"),
    "notifications:resubscribe": (ELSEWHERE, "a personal token: tests/notifications_tests"),
    "programme:calendar_feed": (ELSEWHERE, "a personal token: tests/programme_tests"),
    "programme:invitation": (ELSEWHERE, "a personal token: tests/programme_tests"),
    "cohort:member": EDITION, "cohort:member_photo": EDITION,
    "notifications:list": LOGIN, "notifications:read_all": LOGIN,
    "notifications:preferences": LOGIN, "notifications:watch": LOGIN,
    "notifications:open": AUTHOR,
    "programme:my_leergang": LOGIN, "programme:block_done": EDITION,
    "programme:cohort_progress": FACILITATOR, "programme:cohort_invite": FACILITATOR,
    "programme:cohort_progress_csv": FACILITATOR, "programme:session_ics": EDITION,
    "programme:calendar_reset": AUTHOR,
    "cases:list": EDITION, "cases:export_cohort": FACILITATOR, "cases:create": PARTICIPANT,
    "cases:export_own": LOGIN, "cases:detail": EDITION, "cases:edit": AUTHOR,
    "cases:submit": AUTHOR, "cases:mark_discussed": FACILITATOR, "cases:close": AUTHOR,
    "cases:reopen": FACILITATOR, "cases:session_cases": FACILITATOR,
    "cases:undo_discussed": FACILITATOR, "cases:feedback": FACILITATOR,
    "cases:feedback_edit": FACILITATOR, "cases:feedback_remove": FACILITATOR,
    "cases:follow_up": AUTHOR, "cases:event_redact": AUTHOR, "cases:attachment": EDITION,
    "cases:attachment_remove": AUTHOR,
    "threads:reflections": EDITION, "threads:threads": EDITION,
    "threads:reflection_write": PARTICIPANT, "threads:reflection": EDITION,
    "threads:reflection_edit": AUTHOR, "threads:reflection_share": AUTHOR,
    "threads:reflection_delete": AUTHOR, "threads:reflection_history": EDITION,
    "threads:reflection_comment": EDITION, "threads:case_comment": EDITION,
    "threads:intervision": AUTHOR, "threads:mentionable_case": EDITION,
    "threads:mentionable_reflection": EDITION, "threads:thread": EDITION,
    "threads:lock": FACILITATOR, "threads:comment": EDITION, "threads:comment_edit": AUTHOR,
    "threads:comment_delete": AUTHOR, "threads:comment_history": EDITION,
    "threads:comment_react": EDITION, "threads:comment_hide": FACILITATOR,
    "threads:comment_unhide": FACILITATOR, "threads:comment_pin": FACILITATOR,
    "consent:request": FACILITATOR, "consent:list": LOGIN, "consent:detail": AUTHOR,
    "consent:withdraw": AUTHOR,
    "desk:all": ANY_FACILITATOR, "desk:edition": FACILITATOR,
}

OUTSIDERS = ("participant of B", "removed from A", "member of no edition", "facilitator of B")


def site_urls():
    """(name, pattern) of every URL outside the Wagtail and Django admin, the API and
    allauth's account pages (their own tests: tests/cohort_tests/test_accounts.py)."""
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, (namespace, pattern.namespace))) or None
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name,
                       prefix + str(pattern.pattern))

    return [(name, path) for name, path in walk(get_resolver().url_patterns)
            if not path.startswith(("admin/", "django-admin/", "api/", "accounts/"))]


def test_every_url_is_classified():
    names = {name for name, _path in site_urls()}
    assert sorted(names - set(ACCESS)) == [], "classify these URLs in ACCESS"
    assert sorted(set(ACCESS) - names) == [], "these URLs no longer exist"


@pytest.fixture
def world(programme, edition1, edition2, block, prompts):
    from tests.blog_tests.factories import blog_index
    from tests.blog_tests.factories import post as blog_post

    facilitators_group_ensure()
    group = Group.objects.get(name=FACILITATORS_GROUP)

    def facilitator(edition, name):
        user = member(edition, role=Membership.Role.FACILITATOR, first_name=name,
                      email=f"{name.lower()}@example.org")
        user.groups.add(group)
        return user

    people = {
        "participant of A": member(edition1, first_name="Sanne", email="sanne@example.org"),
        "peer in A": member(edition1, first_name="Youssef", email="youssef@example.org"),
        "participant of B": member(edition2, first_name="Lotte", email="lotte@example.org"),
        "removed from A": member(edition1, first_name="Weg", email="weg@example.org"),
        "member of no edition": UserFactory(first_name="Niemand", email="niemand@example.org"),
        "facilitator of A": facilitator(edition1, "Anna"),
        "facilitator of B": facilitator(edition2, "Bram"),
    }
    author, peer, fac = (people["participant of A"], people["peer in A"],
                         people["facilitator of A"])
    author.photo = SimpleUploadedFile("ik.png", png_bytes(), content_type="image/png")
    author.save()
    case = make_case(author, edition1, files=[pdf_upload()])
    cases.case_update(user=author, case=case, data={**CASE_TEXT, "situation": "Anders."},
                      expected_version=case.version)  # an edit: a history entry to redact
    draft = make_case(author, edition1, status="draft", title="Nog niet af")
    feedback = cases.case_feedback_add(user=fac, case=case, body="Goed begin.",
                                       visibility="audience")
    comment = post(peer, threads.thread_for_case(case), "Herkenbaar, @Sanne.")
    reflection = reflect(author, edition1, block, prompts[1])
    session = Session.objects.create(cohort=edition1, block=block, start=case.submitted_at,
                                     end=case.submitted_at + datetime.timedelta(hours=3))
    quote = consent.consent_request(user=fac, source=comment, excerpt="Herkenbaar",
                                    post=blog_post(blog_index(), title="Deel 1"),
                                    note="Voor het stuk over herkenning.")
    Membership.objects.filter(user=people["removed from A"]).delete()
    from cohort.notifications.models import Notification

    expand_notifications()
    notification = Notification.objects.filter(recipient=author).first()
    membership = Membership.objects.get(user=author, cohort=edition1)
    objects = {
        "cohort:member": {"pk": author.pk}, "cohort:member_photo": {"pk": author.pk},
        "notifications:open": {"pk": notification.pk},
        "programme:block_done": {"pk": block.pk},
        "programme:cohort_progress": {"pk": edition1.pk},
        "programme:cohort_invite": {"pk": edition1.pk},
        "programme:cohort_progress_csv": {"pk": edition1.pk},
        "programme:session_ics": {"pk": session.pk},
        "programme:calendar_reset": {"pk": membership.pk},
        "cases:list": {"cohort_pk": edition1.pk}, "cases:export_cohort": {"cohort_pk": edition1.pk},
        "cases:session_cases": {"pk": session.pk},
        "cases:feedback_edit": {"pk": case.pk, "feedback_pk": feedback.pk},
        "cases:feedback_remove": {"pk": case.pk, "feedback_pk": feedback.pk},
        "cases:event_redact": {"pk": case.pk,
                               "event_pk": case.events.filter(kind="edited").first().pk},
        "cases:submit": {"pk": draft.pk}, "cases:edit": {"pk": draft.pk},
        "cases:attachment": {"pk": case.pk, "attachment_pk": case.attachments.first().pk},
        "cases:attachment_remove": {"pk": case.pk,
                                    "attachment_pk": case.attachments.first().pk},
        "threads:reflections": {"cohort_pk": edition1.pk},
        "threads:threads": {"cohort_pk": edition1.pk},
        "threads:mentionable_case": {"case_pk": case.pk},
        "threads:mentionable_reflection": {"reflection_pk": reflection.pk},
        "threads:thread": {"pk": comment.thread_id}, "threads:lock": {"pk": comment.thread_id},
        "consent:detail": {"pk": quote.pk}, "consent:withdraw": {"pk": quote.pk},
        "desk:edition": {"pk": edition1.pk},
    }
    for name in ACCESS:
        if name.startswith("cases:") and name not in objects and "nieuw" not in name:
            objects.setdefault(name, {"pk": case.pk})
        elif name.startswith("threads:reflection") and name not in objects:
            objects.setdefault(name, {"pk": reflection.pk})
        elif name.startswith("threads:comment"):
            objects.setdefault(name, {"pk": comment.pk})
    objects["threads:case_comment"] = objects["threads:intervision"] = {"pk": case.pk}
    for name in ("cases:create", "cases:export_own", "threads:reflection_write"):
        objects.pop(name, None)
    queries = {  # what the page is for, as its links pass it
        "cases:create": f"?editie={edition1.pk}",
        "threads:reflection_write": f"?blok={block.pk}&vraag={prompts[1]}&editie={edition1.pk}",
        "consent:request": f"?reactie={comment.pk}",
    }
    # Whose object each AUTHOR URL is.
    owners = {name: "participant of A" for name, kind in ACCESS.items() if kind == AUTHOR}
    owners.update({"threads:comment_edit": "peer in A", "threads:comment_delete": "peer in A",
                   "consent:detail": "peer in A", "consent:withdraw": "peer in A"})
    return people, objects, owners, queries


def outcome(client, url):
    response = client.get(url)
    location = response.get("Location", "")
    return response.status_code, location


def test_each_role_gets_what_its_class_allows(world):
    people, objects, owners, queries = world
    clients = {"visitor": Client()}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    wrong = []
    for name, kind in ACCESS.items():
        if isinstance(kind, tuple):
            continue
        url = "/" if name == "wagtail_serve" else reverse(name, kwargs=objects.get(name, {}))
        url += queries.get(name, "")
        for role, client in clients.items():
            status, location = outcome(client, url)
            allowed = _allowed(kind, role, owners.get(name))
            if status not in allowed or (status == 302 and role != "visitor"
                                         and "/accounts/login/" in location):
                wrong.append(f"{name} {url} as {role}: {status} {location}")
    assert wrong == [], "\n".join(wrong)


INSIDE = {200, 302, 405}  # 302: the view's next step (a form's page); 405: POST only


def _allowed(kind, role, owner):
    if kind == PUBLIC:
        return INSIDE
    if role == "visitor":
        return {302, 405} if kind != LOGIN else {302}
    if kind == LOGIN:
        return INSIDE
    if kind == PARTICIPANT:
        return INSIDE if role in ("participant of A", "peer in A", "participant of B") \
            else {403, 404}
    if kind == ANY_FACILITATOR:
        return INSIDE if role.startswith("facilitator") else {404}
    if role in OUTSIDERS:
        return {404, 405}
    if kind == EDITION:
        return INSIDE
    if kind == FACILITATOR:
        return INSIDE if role == "facilitator of A" else {403, 404, 405}
    # AUTHOR: the owner gets it; another member of A may (a facilitator) or may not.
    return INSIDE if role == owner else INSIDE | {403, 404}
