"""Every access decision of the site, in one place.

Views and selectors ask these functions; none of them re-implements a rule.
Membership (user × edition × role) is the only source of cohort access
(DESIGN.md, rule 1); the "Begeleiders" group only opens the Wagtail admin.
"""

from django.db.models import Q, QuerySet

FACILITATORS_GROUP = "Begeleiders"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_facilitator(user) -> bool:
    """A site facilitator: may use the Wagtail admin and edit the programme tree."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=FACILITATORS_GROUP).exists()


def can_access_admin(user) -> bool:
    return _active(user) and user.has_perm("wagtailadmin.access_admin")


def cohort_ids_for(user) -> set[int]:
    """Ids of the editions the user belongs to, in any role (cached per user object)."""
    return set(cohort_roles_for(user))


def visible_cohorts(user) -> QuerySet:
    """The editions this user may open; the queryset every cohort listing starts from."""
    from cohort.models import CohortPage

    if not _active(user):
        return CohortPage.objects.none()
    if user.is_superuser:
        return CohortPage.objects.all()
    return CohortPage.objects.filter(memberships__user=user).distinct()


def can_view_cohort(user, cohort) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or cohort.pk in cohort_ids_for(user)


def role_in(user, cohort) -> str | None:
    """The user's role in this edition, or None when not a member."""

    if not _active(user):
        return None
    return cohort_roles_for(user).get(cohort.pk)


def is_facilitator_of(user, cohort) -> bool:
    from cohort.models import Membership

    if not _active(user):
        return False
    return user.is_superuser or role_in(user, cohort) == Membership.Role.FACILITATOR


def visible_members(user) -> QuerySet:
    """People this user may see: themselves and the members of their own editions."""
    from cohort.models import User

    if not _active(user):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.filter(is_active=True)
    shares_cohort = Q(is_active=True, memberships__cohort_id__in=cohort_ids_for(user))
    return User.objects.filter(Q(pk=user.pk) | shares_cohort).distinct()


def can_view_member(viewer, member) -> bool:
    if not _active(viewer):
        return False
    if viewer.pk == member.pk or viewer.is_superuser:
        return True
    if not member.is_active:
        return False
    return bool(cohort_ids_for(viewer) & cohort_ids_for(member))


def programme_cohort_ids(user, programme) -> set[int]:
    """The user's editions under one programme."""
    return _programme_cohort_ids(user, programme.path)


def block_cohort_ids(user, block) -> set[int]:
    """The user's editions under the block's programme (no query for the programme)."""
    return _programme_cohort_ids(user, block.path[: -block.steplen])


def block_cohorts(user, block) -> list:
    """Those editions themselves, newest first: the same query as their ids."""
    return list(_programme_cohorts(user, block.path[: -block.steplen]))


def _programme_cohort_ids(user, programme_path: str) -> set[int]:
    return {cohort.pk for cohort in _programme_cohorts(user, programme_path)}


def _programme_cohorts(user, programme_path: str) -> list:
    from cohort.models import CohortPage

    ids = cohort_ids_for(user)
    if not ids:
        return []
    # Cached per user object, like the roles: a block page asks three times.
    cache = user.__dict__.setdefault("_programme_cohorts_cache", {})
    if programme_path not in cache:
        cache[programme_path] = list(
            CohortPage.objects.filter(path__startswith=programme_path,
                                      depth=len(programme_path) // CohortPage.steplen + 1,
                                      pk__in=ids).order_by("-start_date", "-pk")
        )
    return cache[programme_path]


def can_view_block(user, block) -> bool:
    """Members of any edition of the block's programme (in any role) see the block page;
    whether its content is open yet is ``programme.selectors.block_state_for``."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(block_cohort_ids(user, block))


def can_mark_block_done(user, block) -> bool:
    """Progress is a participant's own: she marks a block done in an edition she takes part
    in (a facilitator follows it on the edition's progress page)."""
    return bool(participant_cohort_ids(user) & block_cohort_ids(user, block))


def can_manage_members(user, cohort) -> bool:
    """Add, change, remove and invite members of an edition: a superuser, or a facilitator
    of that edition (rule 7). Membership of the "Begeleiders" group alone is not enough."""
    return _active(user) and (
        user.is_superuser or cohort.pk in facilitated_cohort_ids(user)
    )


def can_see_progress(user, cohort) -> bool:
    """Who did what in an edition: its facilitators only."""
    return is_facilitator_of(user, cohort)


# --- Cases ----------------------------------------------------------------------


def facilitated_cohort_ids(user) -> set[int]:
    """Editions in which the user is a facilitator (cached per user object)."""
    if not _active(user):
        return set()
    cached = getattr(user, "_facilitated_ids_cache", None)
    if cached is None:
        from cohort.models import CohortPage, Membership

        if user.is_superuser:
            cached = set(CohortPage.objects.values_list("pk", flat=True))
        else:
            cached = {pk for pk, role in cohort_roles_for(user).items()
                      if role == Membership.Role.FACILITATOR}
        user._facilitated_ids_cache = cached
    return cached


def visible_cases(user) -> QuerySet:
    """The cases this user may open; every case query starts here (STYLE habit 3).

    - an author sees their own cases, drafts included (a draft is theirs alone, rule 2);
    - the facilitators of an edition see every submitted case of it;
    - the other members see its submitted cases meant for the whole edition.
    """
    from django.apps import apps

    Case = apps.get_model("cases", "Case")
    if not _active(user):
        return Case.objects.none()
    shared = ~Q(status=Case.Status.DRAFT)
    return Case.objects.filter(
        Q(author=user)
        | (shared & Q(cohort_id__in=facilitated_cohort_ids(user)))
        | (
            shared
            & Q(audience=Case.Audience.EDITION)
            & Q(cohort_id__in=cohort_ids_for(user) | facilitated_cohort_ids(user))
        )
    )


def can_facilitate_case(user, case) -> bool:
    """Mark discussed, give feedback, export: the edition's facilitators."""
    return not case.is_draft and case.cohort_id in facilitated_cohort_ids(user)


def can_edit_case(user, case) -> bool:
    """The author while the case is open; its facilitators once it is shared."""
    if not _active(user) or not case.is_editable:
        return False
    if case.author_id == user.pk:
        return True
    return can_facilitate_case(user, case)


def can_write_case(user, cohort) -> bool:
    """Participants bring cases; facilitators and observers do not."""
    from cohort.models import Membership

    return role_in(user, cohort) == Membership.Role.PARTICIPANT


def writable_cohorts(user) -> QuerySet:
    """The editions in which the user may start a case."""
    from cohort.models import CohortPage, Membership

    if not _active(user):
        return CohortPage.objects.none()
    return CohortPage.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.PARTICIPANT
    ).distinct()


# --- Reflections and threads --------------------------------------------------------


def cohort_roles_for(user) -> dict[int, str]:
    """{edition id: role} of the user's memberships (cached per user object)."""
    if not _active(user):
        return {}
    cached = getattr(user, "_cohort_roles_cache", None)
    if cached is None:
        from cohort.models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("cohort_id", "role"))
        user._cohort_roles_cache = cached
    return cached


def participant_cohort_ids(user) -> set[int]:
    from cohort.models import Membership

    return {pk for pk, role in cohort_roles_for(user).items()
            if role == Membership.Role.PARTICIPANT}


def visible_reflections(user) -> QuerySet:
    """The reflections this user may open; every reflection query starts here.

    - an author sees their own, drafts included (rule 2);
    - the edition's facilitators (and observers, who do not write) see every shared one;
    - a participant sees the edition's shared reflections, but where the prompt says
      "post your own first", only once they shared their own on that prompt (rule 8).
    """
    from django.apps import apps
    from django.db.models import Exists, OuterRef

    Reflection = apps.get_model("threads", "Reflection")
    if not _active(user):
        return Reflection.objects.none()
    shared = Q(status="shared")
    participant = participant_cohort_ids(user) - facilitated_cohort_ids(user)
    readers = (cohort_ids_for(user) | facilitated_cohort_ids(user)) - participant
    own_shared = Reflection.objects.filter(
        author=user, status="shared", deleted_at__isnull=True, cohort_id=OuterRef("cohort_id"),
        block_id=OuterRef("block_id"), prompt_id=OuterRef("prompt_id"),
    )
    return Reflection.objects.filter(
        Q(author=user)
        | (shared & Q(cohort_id__in=readers))
        | (shared & Q(cohort_id__in=participant) & (Q(post_first=False) | Exists(own_shared)))
    )


def can_write_reflection(user, cohort) -> bool:
    from cohort.models import Membership

    return cohort_roles_for(user).get(cohort.pk) == Membership.Role.PARTICIPANT


def visible_threads(user) -> QuerySet:
    """Threads under the shared cases and reflections this user may open, in the editions
    they are (still) a member of: an author who left keeps their own text, not the thread."""
    from django.apps import apps

    Thread = apps.get_model("threads", "Thread")
    if not _active(user):
        return Thread.objects.none()
    cases = visible_cases(user).exclude(status="draft").values("pk")
    reflections = visible_reflections(user).filter(status="shared").values("pk")
    return Thread.objects.filter(
        Q(cohort_id__in=cohort_ids_for(user) | facilitated_cohort_ids(user))
        & (Q(case__in=cases) | Q(reflection__in=reflections)))


def in_edition(user, cohort_id) -> bool:
    """A current member (or facilitator) of the edition: who may read its threads."""
    return _active(user) and cohort_id in (cohort_ids_for(user) | facilitated_cohort_ids(user))


def visible_comments(user) -> QuerySet:
    """Comments in threads this user may open (hidden and deleted ones are shown as such)."""
    from django.apps import apps

    Comment = apps.get_model("threads", "Comment")
    if not _active(user):
        return Comment.objects.none()
    return Comment.objects.filter(thread__in=visible_threads(user).values("pk"))


def can_moderate_thread(user, thread) -> bool:
    """Hide, lock, pin: the edition's facilitators."""
    return thread.cohort_id in facilitated_cohort_ids(user)


def can_post_in_thread(user, thread) -> bool:
    """Participants and facilitators of the edition; observers read."""
    from cohort.models import Membership

    if thread.cohort_id in facilitated_cohort_ids(user):
        return True
    return cohort_roles_for(user).get(thread.cohort_id) == Membership.Role.PARTICIPANT


# --- Consent to quote ---------------------------------------------------------------


def visible_consents(user) -> QuerySet:
    """Consents a user may see: their own (as the author), and those of the editions they
    facilitate. A participant never sees another's."""
    from django.apps import apps

    QuoteConsent = apps.get_model("consent", "QuoteConsent")
    if not _active(user):
        return QuoteConsent.objects.none()
    return QuoteConsent.objects.filter(
        Q(author=user) | Q(cohort_id__in=facilitated_cohort_ids(user)))
