"""Every URL of the site × every role, made from the URL resolver: a URL nobody classified
fails the test, and what each role gets on a GET follows from its class.

Objects of every kind live in edition A; the roles are a visitor, participants of A (the
case's and the reflection's author, and a peer who wrote the comment), a participant of B,
someone removed from A, a member of no edition, an observer of A, a facilitator of A only,
of B only and of both, and a superuser.
Whoever is outside edition A gets 404 (or 405 where the view takes POST only: nothing of
the object is looked up), never the object; visitors are sent to log in.
"""


import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# The classes. EDITION: anyone in edition A; FACILITATOR: A's facilitators; AUTHOR: the
# object's author (others in A may or may not); PARTICIPANT: a participant of any edition
# (for their own edition); PROGRAMME: a member of any edition of the block's programme;
# ANY_FACILITATOR: a facilitator of any edition (for her own);
# LOGIN: anyone signed in; PUBLIC: anyone.
PUBLIC, LOGIN, EDITION, FACILITATOR, AUTHOR = "public", "login", "edition", "facilitator", \
    "author"
PARTICIPANT, ANY_FACILITATOR = "participant", "any facilitator"
PROGRAMME = "programme"  # anyone in an edition of the programme: blocks are shared by them
# Not in this matrix, each for a reason and with tests of its own.
ELSEWHERE = "elsewhere"

ACCESS = {
    "healthz": PUBLIC, "sitemap": PUBLIC, "set_language": PUBLIC, "wagtail_serve": PUBLIC,
    "cohort:language": PUBLIC,
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
    "programme:my_leergang": LOGIN, "programme:block_done": PROGRAMME,
    "programme:cohort_progress": FACILITATOR, "programme:cohort_invite": FACILITATOR,
    "programme:cohort_progress_csv": FACILITATOR, "programme:session_ics": EDITION,
    "programme:calendar_reset": AUTHOR,
    "cases:list": EDITION, "cases:export_cohort": FACILITATOR, "cases:create": PARTICIPANT,
    "cases:export_own": LOGIN, "cases:detail": EDITION, "cases:edit": AUTHOR,
    "cases:submit": AUTHOR, "cases:mark_discussed": FACILITATOR, "cases:close": AUTHOR,
    "cases:reopen": FACILITATOR, "cases:session_cases": FACILITATOR,
    "cases:undo_discussed": FACILITATOR, "cases:feedback": FACILITATOR,
    "cases:feedback_edit": AUTHOR, "cases:feedback_remove": AUTHOR,
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


def outcome(client, url):
    response = client.get(url)
    location = response.get("Location", "")
    return response.status_code, location, response


def header_faults(response, signed_in):
    """What an HTML page of the site must carry: a script policy without inline scripts,
    no framing, no sniffing, a referrer policy; and for a member, no stored copy."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    policy = {part.split()[0]: part.split()[1:] for part in
              response.get("Content-Security-Policy", "").split(";") if part.strip()}
    faults = []
    if not policy.get("script-src") or "'unsafe-inline'" in policy["script-src"]:
        faults.append("script-src")
    if policy.get("frame-ancestors") != ["'self'"] or response.get("X-Frame-Options") != "DENY":
        faults.append("framing")
    if response.get("X-Content-Type-Options") != "nosniff":
        faults.append("nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        faults.append("referrer")
    cache = response.get("Cache-Control", "")
    if signed_in and not ("private" in cache and "no-store" in cache):
        faults.append("cache-control")
    return faults


def test_each_role_gets_what_its_class_allows(world):
    people, objects, owners, queries = world
    clients = {"visitor": Client()}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    wrong, pages = [], 0
    for name, kind in ACCESS.items():
        if isinstance(kind, tuple):
            continue
        url = "/" if name == "wagtail_serve" else reverse(name, kwargs=objects.get(name, {}))
        url += queries.get(name, "")
        for role, client in clients.items():
            status, location, response = outcome(client, url)
            pages += response.get("Content-Type", "").startswith("text/html")
            if faults := header_faults(response, role != "visitor"):
                wrong.append(f"{name} {url} as {role}: headers {faults}")
            allowed = _allowed(name, kind, role, owners.get(name))
            to_login = status == 302 and "/accounts/login/" in location
            if status not in allowed or (role == "visitor" and status == 302 and not to_login
                                         and kind != PUBLIC) or (role != "visitor" and to_login):
                wrong.append(f"{name} {url} as {role}: {status} {location}")
    assert wrong == [], "\n".join(wrong)
    assert pages > 300  # the headers were looked at on pages, not only on redirects


INSIDE = {200, 302, 405}  # 302: the view's next step (a form's page); 405: POST only


# Who acts as edition A's facilitator: on the site a superuser works across all editions.
AS_FACILITATOR = {"facilitator of both": "facilitator of A", "superuser": "facilitator of A"}


# What an observer, who reads and does not write, is refused though the edition's.
OBSERVER_REFUSED = {"threads:mentionable_case", "threads:mentionable_reflection"}


def _allowed(name, kind, role, owner):
    if kind == AUTHOR and role == owner:
        return INSIDE
    role = AS_FACILITATOR.get(role, role)
    if kind == PUBLIC:
        return INSIDE
    if role == "visitor":
        return {302, 405} if kind != LOGIN else {302}
    if kind == LOGIN:
        return INSIDE
    if kind == PARTICIPANT:
        return INSIDE if role in ("participant of A", "peer in A", "participant of B") \
            else {403, 404}
    if kind == PROGRAMME:
        return {404, 405} if role in ("removed from A", "member of no edition") else INSIDE
    if kind == ANY_FACILITATOR:
        return INSIDE if role.startswith("facilitator") else {404}
    if role in OUTSIDERS:
        return {404, 405}
    if kind == EDITION:
        return {403, 404} if role == "observer of A" and name in OBSERVER_REFUSED else INSIDE
    if role == "observer of A":  # reads the edition, writes nothing, owns nothing
        return {403, 404, 405}
    if kind == FACILITATOR:
        return INSIDE if role == "facilitator of A" else {403, 404, 405}
    # AUTHOR: the owner gets it (above); another participant of A never (a draft, a
    # notification, a consent are theirs alone); a facilitator of A may, where she acts on
    # it too.
    return INSIDE | {403, 404} if role == "facilitator of A" else {403, 404, 405}


def _row_counts():
    from django.apps import apps

    # Made as people come by, whatever they do: sessions, login records, Wagtail profiles.
    skip = {"sessions.session", "axes.accesslog", "axes.accessattempt",
            "wagtailusers.userprofile"}
    return {model._meta.label_lower: model._default_manager.count()
            for model in apps.get_models() if model._meta.label_lower not in skip}


def test_a_post_from_outside_changes_nothing(world):
    """POST, as a form would, to every URL as whoever may not use it: a visitor is sent to
    log in (or told the method is not allowed), anyone else gets 403, 404 or 405, and not
    one row in the database changes."""
    people, objects, owners, queries = world
    clients = {"visitor": Client()}
    for role, user in people.items():
        clients[role] = Client()
        clients[role].force_login(user)
    before = _row_counts()
    wrong, tried = [], 0
    for name, kind in ACCESS.items():
        if isinstance(kind, tuple) or kind in (PUBLIC, LOGIN):
            continue
        url = "/" if name == "wagtail_serve" else reverse(name, kwargs=objects.get(name, {}))
        url += queries.get(name, "")
        for role, client in clients.items():
            allowed = _allowed(name, kind, role, owners.get(name))
            if allowed & {200, 302}:
                continue  # the role may use it: its own tests cover what a post does
            response = client.post(url, {"body": "Van buiten.", "title": "Van buiten.",
                                         "confirm": "1", "visibility": "audience"})
            tried += 1
            status, location = response.status_code, response.get("Location", "")
            expected = {302, 405} if role == "visitor" else {403, 404, 405}
            if status not in expected or (status == 302 and "/accounts/login/" not in location):
                wrong.append(f"POST {name} {url} as {role}: {status} {location}")
    after = _row_counts()
    changed = {label: (before[label], count) for label, count in after.items()
               if count != before[label]}
    assert (wrong, changed) == ([], {}), "\n".join(wrong)
    assert tried > 200
