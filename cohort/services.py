"""Writes for the cohort app (HackSoft style: <entity>_<action>, atomic)."""

import logging
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cohort.models import CohortPage, Membership, OutgoingEmail, User
from cohort.permissions import FACILITATORS_GROUP

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 8


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


# --- Outgoing email (outbox) ----------------------------------------------------


def email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
    key: str | None = None,
) -> OutgoingEmail:
    """Store an email and have it sent after the surrounding transaction commits.

    With ``key`` the same email is stored once only: queueing it again returns
    the existing row. If the broker is down the row stays pending and the
    beat task ``resend_pending_email`` sends it later (DESIGN.md, rule 5).
    """
    if key:
        existing = OutgoingEmail.objects.filter(key=key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=list(to),
                # One line of plain text: a line break would end the header.
                subject=" ".join(subject.split())[:255],
                body=body,
                html_body=html_body,
                from_email=from_email,
                key=key,
            )
    except IntegrityError:
        # A concurrent request stored the same key first.
        return OutgoingEmail.objects.get(key=key)
    transaction.on_commit(lambda: email_enqueue(email.pk))
    return email


def email_queue_message(message: EmailMultiAlternatives, key: str | None = None) -> OutgoingEmail:
    """Queue a rendered Django email message (as allauth renders them)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    return email_queue(
        to=list(message.to),
        subject=message.subject,
        body=message.body,
        html_body=html,
        from_email=message.from_email or "",
        key=key,
    )


def email_enqueue(email_id: int) -> bool:
    """Hand the email to Celery; never raises (the outbox retries what fails here)."""
    from cohort.tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:  # broker down, timeouts: the beat task will pick it up
        logger.warning("Could not queue outgoing email %s; it stays pending.", email_id)
        return False
    return True


def email_send(email_id: int) -> bool:
    """Send one stored email once. Returns True when it was sent by this call."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False  # already sent, given up, or another worker holds it
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=email.from_email or None,
            to=email.to,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_EMAIL_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Sending email %s failed: %s", email_id, email.last_error)
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def email_pending_ids(older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
