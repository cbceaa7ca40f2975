"""Who reaches which pages in the Wagtail admin (DESIGN.md, rule 7).

The facilitators' group holds page permissions on each programme and blog (given by those
apps, never from the root). Per person they are narrowed here, through the two places
every admin view asks, Wagtail's page permission policy and each page's permission tester:

- a permission on a page with editions below it applies only to someone who facilitates
  one of those editions: she edits the programmes she facilitates, not the others;
- an edition's page is hers only when she facilitates that edition: the others are not in
  her explorer, search, choosers, reports or history, and cannot be edited, previewed,
  copied, moved, locked or moderated by her.

Superusers work across all. See
https://docs.wagtail.org/en/stable/extending/custom_permissions.html (permission policies)
and ``Page.permissions_for_user``.
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.models import GroupPagePermission, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from cohort import permissions


def _editions():
    from cohort.models import CohortPage

    return CohortPage.objects.all()


def restricted(user) -> bool:
    """Whether the narrowing applies: a signed-in, active user who is not a superuser."""
    return bool(user is not None and user.is_authenticated and user.is_active
                and not user.is_superuser)


def unreachable_page_ids(user, ids) -> set[int]:
    """Of these page ids, the editions ``user`` does not facilitate."""
    if not restricted(user):
        return set()
    others = _editions().filter(pk__in=ids).exclude(
        pk__in=permissions.facilitated_cohort_ids(user)
    )
    return set(others.values_list("pk", flat=True))


def without_other_editions(pages, user):
    """``pages`` without the editions ``user`` does not facilitate (superusers: all)."""
    if not restricted(user):
        return pages
    others = _editions().exclude(pk__in=permissions.facilitated_cohort_ids(user))
    return pages.exclude(pk__in=others.values("pk"))


class LeergangPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        perms = super().get_all_permissions_for_user(user)
        if not restricted(user):
            return perms
        below = _editions().filter(path__startswith=OuterRef("page__path"))
        mine = below.filter(pk__in=permissions.facilitated_cohort_ids(user))
        return perms.exclude(Exists(below) & ~Exists(mine))

    def _is_other_edition(self, user, instance) -> bool:
        from cohort.models import CohortPage

        return (
            restricted(user)
            and instance.specific_class is CohortPage
            and instance.pk not in permissions.facilitated_cohort_ids(user)
        )

    def explorable_instances(self, user):
        return without_other_editions(super().explorable_instances(user), user)

    def instances_user_has_any_permission_for(self, user, actions):
        return without_other_editions(
            super().instances_user_has_any_permission_for(user, actions), user
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._is_other_edition(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        """The same narrowing, seen from the page: whom Wagtail may notify or list for it."""
        from cohort.models import CohortPage, Membership, User

        actions = set(actions) | ({"add"} if "change" in actions else set())
        rows = GroupPagePermission.objects.filter(
            permission__codename__in=self._get_permission_codenames(actions),
            page__in=instance.get_ancestors(inclusive=True),
        ).select_related("page")
        is_edition = instance.specific_class is CohortPage
        query = Q(is_superuser=True) if include_superusers else Q(pk__in=[])
        for row in rows:
            editions = _editions().filter(path__startswith=row.page.path)
            if is_edition:
                editions = editions.filter(pk=instance.pk)
            if is_edition or editions.exists():
                query |= Q(
                    groups=row.group_id,
                    memberships__role=Membership.Role.FACILITATOR,
                    memberships__cohort__in=editions,
                )
            else:
                query |= Q(groups=row.group_id)
        return User.objects.filter(is_active=True).filter(query).distinct()


# Every question the admin asks a page's tester; for someone else's edition all say no.
_TESTER_METHODS = (
    "can_add_subpage", "can_edit", "can_delete", "can_unpublish", "can_publish",
    "can_submit_for_moderation", "can_set_view_restrictions", "can_unschedule", "can_lock",
    "can_unlock", "can_publish_subpage", "can_reorder_children", "can_move", "can_copy",
    "can_move_to", "can_copy_to", "can_view_revisions",
)


class EditionPermissionTester(PagePermissionTester):
    """An edition's page in the admin: its own facilitators (and superusers) only."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.facilitates = not restricted(user) or page.pk is None or (
            page.pk in permissions.facilitated_cohort_ids(user)
        )
        if not self.facilitates:
            self.permissions = set()


def _guarded(name):
    original = getattr(PagePermissionTester, name)

    def method(self, *args, **kwargs):
        return self.facilitates and original(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _TESTER_METHODS:
    setattr(EditionPermissionTester, _name, _guarded(_name))


def register():
    """Install the policy for every page model; called from ``CohortConfig.ready``."""
    import wagtail.permissions  # registers Wagtail's own policies first, so ours replaces them
    from wagtail.models import AbstractPage

    wagtail.permissions.register_permission_policy(AbstractPage, LeergangPagePermissionPolicy())
