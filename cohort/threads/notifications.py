"""What threads tell the notifications app: their kinds, and which reflections a member
may open (the "post your own first" rule included, rule 8). Registered in
``ThreadsConfig.ready``; the notifications app never imports threads."""

from django.utils.translation import gettext_lazy as _

from cohort.converters import parse_id


def reflection_key(reflection) -> str:
    return f"reflection:{reflection.pk}"


def visible_reflection_ids(user, ids) -> set[str]:
    from cohort import permissions
    from cohort.notifications.registry import ids_in

    return ids_in(permissions.visible_reflections(user), ids)


def reflection_viewer_ids(value, user_ids) -> set[int]:
    """Of ``user_ids``, who may open the reflection: ``permissions.visible_reflections``
    asked from the reflection's side, in three queries."""
    from cohort.models import Membership
    from cohort.threads.models import Reflection

    pk = parse_id(value)
    reflection = Reflection.objects.filter(pk=pk).first() if pk else None
    if reflection is None:
        return set()
    allowed = {reflection.author_id} & user_ids
    if reflection.is_draft:
        return allowed
    roles = dict(Membership.objects.filter(cohort_id=reflection.cohort_id, user_id__in=user_ids)
                 .values_list("user_id", "role"))
    readers = {uid for uid, role in roles.items() if role != Membership.Role.PARTICIPANT}
    participants = {uid for uid, role in roles.items() if role == Membership.Role.PARTICIPANT}
    if reflection.post_first:
        participants &= set(
            Reflection.objects.filter(
                cohort_id=reflection.cohort_id, block_id=reflection.block_id,
                prompt_id=reflection.prompt_id, status=Reflection.Status.SHARED,
                deleted_at__isnull=True, author_id__in=participants,
            ).values_list("author_id", flat=True)
        )
    return allowed | readers | participants


def register():
    from cohort.notifications import registry

    registry.register_subject("reflection", visible_ids=visible_reflection_ids,
                              viewer_ids=reflection_viewer_ids)
    registry.register_kind(
        "reflection_shared", direct=False, label=_("A new reflection in your edition"),
        sentence=_("%(actor)s shared a reflection on “%(title)s”"),
    )
    registry.register_kind(
        "comment_on_yours", direct=True, label=_("A comment on your case or reflection"),
        sentence=_("%(actor)s responded to what you wrote on “%(title)s”"),
    )
    registry.register_kind(
        "comment_reply", direct=True, label=_("A reply to your comment"),
        sentence=_("%(actor)s replied to you in “%(title)s”"),
    )
    registry.register_kind(
        "comment_mention", direct=True, label=_("A mention of you"),
        sentence=_("%(actor)s mentioned you in “%(title)s”"),
    )
    registry.register_kind(
        "comment_watched", direct=False, label=_("A comment in a thread you follow"),
        sentence=_("%(actor)s responded in “%(title)s”"),
    )
    registry.register_kind(
        "intervision_phase", direct=False, label=_("A new intervision phase"),
        sentence=_("%(actor)s moved the intervision on “%(title)s” to a new phase"),
    )
