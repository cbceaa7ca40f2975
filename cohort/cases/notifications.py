"""What cases tell the notifications app: their kinds, and which cases a member may open.
Registered in ``CasesConfig.ready``; the notifications app never imports cases."""

from django.utils.translation import gettext_lazy as _

from cohort.converters import parse_id


def visible_case_ids(user, ids) -> set[str]:
    from cohort import permissions
    from cohort.notifications.registry import ids_in

    return ids_in(permissions.visible_cases(user), ids)


def case_viewer_ids(value, user_ids) -> set[int]:
    """Of ``user_ids``, who may open the case: the rule of ``permissions.visible_cases``,
    asked from the case's side in two queries."""
    from cohort.cases.models import Case
    from cohort.models import Membership

    pk = parse_id(value)
    case = Case.objects.filter(pk=pk).values("author_id", "cohort_id", "status",
                                              "audience").first() if pk else None
    if case is None:
        return set()
    allowed = {case["author_id"]} & user_ids
    if case["status"] == Case.Status.DRAFT:
        return allowed
    members = Membership.objects.filter(cohort_id=case["cohort_id"], user_id__in=user_ids)
    if case["audience"] != Case.Audience.EDITION:
        members = members.filter(role=Membership.Role.FACILITATOR)
    return allowed | set(members.values_list("user_id", flat=True))


def register():
    from cohort.notifications import registry

    registry.register_subject("case", visible_ids=visible_case_ids, viewer_ids=case_viewer_ids)
    registry.register_kind(
        "case_submitted", direct=False, label=_("A new case in your edition"),
        sentence=_("%(actor)s shared a new case: “%(title)s”"),
    )
    registry.register_kind(
        "case_feedback", direct=True, label=_("Feedback on your case"),
        sentence=_("%(actor)s gave feedback on your case “%(title)s”"),
    )
    registry.register_kind(
        "case_feedback_watched", direct=False, label=_("Feedback on a case you follow"),
        sentence=_("%(actor)s gave feedback on “%(title)s”"),
    )
    registry.register_kind(
        "case_planned", direct=True, label=_("Your case is on a session's agenda"),
        sentence=_("%(actor)s chose your case “%(title)s” to discuss in the next session"),
    )
    registry.register_kind(
        "case_discussed", direct=True, label=_("Your case was discussed"),
        sentence=_("%(actor)s marked your case “%(title)s” as discussed"),
    )
    registry.register_kind(
        "case_discussed_watched", direct=False, label=_("A case you follow was discussed"),
        sentence=_("%(actor)s marked “%(title)s” as discussed"),
    )
    registry.register_kind(
        "case_follow_up", direct=True,
        label=_("The question what happened since your case was discussed"),
        sentence=_("What has happened since your case “%(title)s” was discussed?"),
    )


def subject_key(case) -> str:
    return f"case:{case.pk}"


def on_case_deleted(sender, instance, **kwargs):
    """A framework hook that only calls a service (STYLE.md, habit 5)."""
    from cohort.notifications.services import subject_forget

    subject_forget(subject_key=subject_key(instance))


def connect():
    from django.db.models.signals import post_delete

    from cohort.cases.models import Case

    post_delete.connect(on_case_deleted, sender=Case, dispatch_uid="cases.forget_notifications")
