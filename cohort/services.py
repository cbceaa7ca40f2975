"""Writes for the cohort app (HackSoft style: <entity>_<action>, atomic)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from cohort.models import CohortPage, Membership, User
from cohort.permissions import FACILITATORS_GROUP


@transaction.atomic
def membership_add(*, user: User, cohort: CohortPage, role: str = Membership.Role.PARTICIPANT):
    """Make ``user`` a member of ``cohort`` in ``role``; idempotent, updates the role."""
    membership, created = Membership.objects.get_or_create(
        user=user, cohort=cohort, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def edition_created(edition: CohortPage) -> None:
    """Access follows Membership alone, so whoever creates an edition (its page's owner)
    joins it as its facilitator, before the admin goes on to publish it."""
    if edition.owner_id:
        membership_add(user=edition.owner, cohort=edition, role=Membership.Role.FACILITATOR)


# What a facilitator may do with the pages of the section she is given (no bulk delete).
PAGE_EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def group_page_permissions_ensure(group: Group, page) -> None:
    """Give ``group`` the page editor's permissions on ``page`` and below (idempotent)."""
    from wagtail.models import GroupPagePermission

    perms = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_EDITOR_PERMISSIONS
    )
    for perm in perms:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def facilitators_group() -> Group | None:
    return Group.objects.filter(name=FACILITATORS_GROUP).first()


def facilitators_group_ensure() -> Group:
    """The "Begeleiders" group: Wagtail admin access, memberships, and the image and
    document collections; each capability app adds what its admin needs
    (``cohort.registry.facilitator_permissions``), the programme its page permissions.

    Page permissions are never given from the root: a facilitator edits the programmes
    she facilitates only (``cohort.admin_permissions``). Idempotent; runs after every
    migrate (``cohort.apps``) and in ``seed_demo``.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from cohort import registry

    group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
    model_perms = Permission.objects.filter(
        Q(content_type__app_label="wagtailadmin", codename="access_admin")
        | Q(content_type__app_label="cohort", codename__endswith="_membership")
    )
    group.permissions.add(*model_perms)
    # Earlier versions gave the whole page tree from the root: take that back.
    GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        collection_perms = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[
                "add_image",
                "change_image",
                "choose_image",
                "add_document",
                "change_document",
                "choose_document",
            ],
        )
        for perm in collection_perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=perm
            )
    for entry in registry.facilitator_permissions:
        entry.fn(group)
    return group
