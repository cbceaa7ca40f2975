"""What cases tell the notifications app: their kinds, and which cases a member may open.
Registered in ``CasesConfig.ready``; the notifications app never imports cases."""

from django.utils.translation import gettext_lazy as _

from cohort.converters import parse_id


def visible_case_ids(user, ids) -> set[str]:
    from cohort import permissions

    wanted = [pk for pk in (parse_id(value) for value in ids) if pk is not None]
    return {str(pk) for pk in permissions.visible_cases(user).filter(pk__in=wanted)
            .values_list("pk", flat=True)}


def register():
    from cohort.notifications import registry

    registry.register_subject("case", visible_case_ids)
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
