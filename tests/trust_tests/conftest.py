"""Edition A with an object of every kind, and people in every relation to it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from cohort.cases import services as cases
from cohort.consent import services as consent
from cohort.models import Membership
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.models import Session
from cohort.services import facilitators_group_ensure
from cohort.threads import services as threads
from tests.cases_tests.conftest import CASE_TEXT, make_case, pdf_upload, png_bytes
from tests.factories import UserFactory, expand_notifications, member

# The block with its two reflection questions, as the threads' tests make it.
from tests.threads_tests.conftest import block, post, prompts, reflect  # noqa: F401


@pytest.fixture
def world(programme, edition1, edition2, block, prompts):  # noqa: F811 (fixtures)
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
        "facilitator of both": facilitator(edition1, "Femke"),
        "observer of A": member(edition1, role=Membership.Role.OBSERVER, first_name="Olga",
                                email="olga@example.org"),
        "superuser": UserFactory(first_name="Beheer", email="beheer@example.org",
                                 is_superuser=True, is_staff=True),
    }
    Membership.objects.create(user=people["facilitator of both"], cohort=edition2,
                              role=Membership.Role.FACILITATOR)
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
        "cohort:language": {"code": "en"},
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
    from tests.trust_tests.test_url_matrix import ACCESS, AUTHOR

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
                   "consent:detail": "peer in A", "consent:withdraw": "peer in A",
                   "cases:feedback_edit": "facilitator of A",
                   "cases:feedback_remove": "facilitator of A"})
    return people, objects, owners, queries


