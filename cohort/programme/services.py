"""Writes for the programme (HackSoft style: <entity>_<action>)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cohort import permissions
from cohort.emails import absolute_url, render_subject, render_text
from cohort.programme import selectors
from cohort.programme.models import BlockCompletion, BlockPage


@transaction.atomic
def block_mark_done(*, user, block: BlockPage, done: bool = True) -> bool:
    """Mark (or unmark) a block as done for ``user``; only an open block of their edition."""
    if not permissions.can_mark_block_done(user, block):
        raise PermissionDenied
    # Open in an edition she takes part in (one she facilitates is always open to her).
    if done and not selectors.block_open_for_participant(block, user):
        raise PermissionDenied
    if done:
        BlockCompletion.objects.get_or_create(user=user, block=block)
    else:
        BlockCompletion.objects.filter(user=user, block=block).delete()
    return done


def facilitators_programme_permissions_ensure(group=None) -> None:
    """The facilitators' group edits every programme page and what is below it (blocks,
    editions) and sends invitations. Which programmes and editions one facilitator reaches
    is narrowed per person by ``cohort.admin_permissions`` (her memberships)."""
    from django.contrib.auth.models import Permission

    from cohort import services as cohort_services
    from cohort.programme.models import ProgrammePage

    group = group or cohort_services.facilitators_group()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="programme", codename__endswith="_invitation"
    ))
    for programme in ProgrammePage.objects.all():
        cohort_services.group_page_permissions_ensure(group, programme)


def programme_created(programme) -> None:
    """A new programme (admin, seed or code) is the facilitators' to edit at once."""
    from cohort import services as cohort_services

    group = cohort_services.facilitators_group()
    if group is not None:
        cohort_services.group_page_permissions_ensure(group, programme)


def membership_calendar_reset(membership):
    """Revoke the membership's calendar link by giving it a new secret."""
    from cohort.models import new_calendar_token

    membership.calendar_token = new_calendar_token()
    membership.save(update_fields=["calendar_token"])
    return membership


def session_reminders_queue(now=None) -> int:
    """Queue a reminder to every member of an edition whose session is tomorrow.

    Each reminder has an outbox key per session, member and start time, so a
    retry or a second beat stores nothing new, and a moved session reminds again.
    Returns the number of reminders newly queued.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone, translation

    from cohort.models import Membership
    from cohort.notifications.models import OutgoingEmail
    from cohort.notifications.outbox import email_queue
    from cohort.programme.models import Session

    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).date()
    sessions = Session.objects.filter(
        start__date=tomorrow, cohort__live=True
    ).select_related("cohort", "block")
    queued = 0
    from cohort.notifications.models import NotificationPreference

    for session in sessions:
        members = list(Membership.objects.filter(
            cohort=session.cohort, user__is_active=True
        ).select_related("user"))
        # Each member's reminder in the language they chose for their emails.
        preferences = {preference.user_id: preference for preference in
                       NotificationPreference.objects.filter(
                           user_id__in=[membership.user_id for membership in members])}
        for membership in members:
            preference = preferences.get(membership.user_id)
            if preference is not None and not preference.emails_enabled:
                continue  # unsubscribed: only invitations and password resets still come
            with translation.override(getattr(preference, "language", "")
                                      or settings.LANGUAGE_CODE):
                key = f"session-reminder:{session.pk}:{membership.user_id}:{session.start:%Y%m%d%H%M}"
                if OutgoingEmail.objects.filter(key=key).exists():
                    continue
                context = {
                    "session": session,
                    "person": membership.user,
                    "site_url": settings.SITE_URL,
                }
                email_queue(
                    to=[membership.user.email],
                    subject=render_subject("programme/email/session_reminder_subject.txt", context),
                    body=render_text("programme/email/session_reminder.txt", context),
                    key=key,
                )
                queued += 1
    return queued


# --- Invitations ------------------------------------------------------------------


class InvitationError(Exception):
    """An invitation that cannot be used; ``message`` is translated for the person."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def _invitation_email(invitation):
    from cohort.notifications.outbox import email_queue

    subject, body = invitation_message(invitation, absolute_url(invitation.get_absolute_url()))
    email_queue(to=[invitation.email], subject=subject, body=body,
                key=f"invitation:{invitation.pk}:{invitation.sent_count}")


def invitation_message(invitation, url=None) -> tuple[str, str]:
    """The invitation email's subject and text, in the site's language (the invitee has no
    account to choose one yet); without ``url``, as the group invite previews it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        context = {"invitation": invitation, "url": url or _("(personal link)"),
                   "inviter": invitation.invited_by}
        return (render_subject("programme/email/invitation_subject.txt", context),
                render_text("programme/email/invitation.txt", context))


@transaction.atomic
def invitation_create(*, cohort, email, role="participant", invited_by=None, name="",
                      message=""):
    """Store an invitation and send it (through the outbox, after commit). Whoever invites
    must be able to add members to the edition: a superuser or one of its facilitators."""
    from cohort.programme.invitations import Invitation

    if invited_by is not None and not permissions.can_manage_members(invited_by, cohort):
        raise PermissionDenied

    invitation = Invitation.objects.create(
        cohort=cohort, email=email, role=role, invited_by=invited_by, sent_count=1,
        name=name[:150], message=message[:2000],
    )
    _invitation_email(invitation)
    return invitation


MAX_GROUP = 100


@dataclass
class GroupLine:
    """One line of a group invitation and what became of it."""

    number: int
    text: str
    name: str = ""
    email: str = ""
    result: str = ""     # "invite", "invited", "member", "pending", "duplicate", "invalid"
    error: str = ""

    @property
    def is_error(self):
        return self.result in ("invalid",)


def _parse_line(number, text):
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError as Invalid
    from django.core.validators import validate_email

    line = GroupLine(number=number, text=text)
    name, address = parseaddr(text) if "<" in text else ("", text.strip().strip(",;"))
    address = address.strip().lower()
    try:
        validate_email(address)
    except Invalid:
        line.result, line.error = "invalid", _("This is not an email address.")
        return line
    line.name, line.email = " ".join(name.split())[:150], address
    return line


def invitations_plan(*, cohort, text: str) -> list[GroupLine]:
    """What inviting these lines would do, without doing it: one result per line."""
    from django.utils import timezone

    from cohort.programme.invitations import Invitation

    lines = [_parse_line(number, raw.strip())
             for number, raw in enumerate(text.splitlines(), start=1) if raw.strip()]
    addresses = {line.email for line in lines if line.email}
    from cohort.models import Membership

    # An edition has a handful of members: compare their addresses case-blind here.
    members = {email.lower() for email in Membership.objects.filter(cohort=cohort)
               .values_list("user__email", flat=True)}
    pending = set(Invitation.objects.filter(
        cohort=cohort, email__in=addresses, accepted_at=None, revoked_at=None,
        expires_at__gt=timezone.now()).values_list("email", flat=True))
    seen = set()
    for line in lines:
        if line.result:
            continue
        if line.email in seen:
            line.result = "duplicate"
        elif line.email in members:
            line.result = "member"
        elif line.email in pending:
            line.result = "pending"
        else:
            line.result = "invite"
        seen.add(line.email)
    return lines


@transaction.atomic
def invitations_send_group(*, cohort, text: str, message: str, role, invited_by
                           ) -> list[GroupLine]:
    """Invite every new address of the list, or nobody: a list with an invalid line, or too
    long, is refused as a whole (the results say which line)."""
    from django.core.exceptions import ValidationError

    if not permissions.can_manage_members(invited_by, cohort):
        raise PermissionDenied
    lines = invitations_plan(cohort=cohort, text=text)
    if not lines:
        raise ValidationError(_("Paste at least one email address."), code="empty")
    if len(lines) > MAX_GROUP:
        raise ValidationError(_("Invite at most %(max)d people at a time.") % {"max": MAX_GROUP},
                              code="too_many")
    if any(line.is_error for line in lines):
        raise ValidationError(_("Nobody was invited: correct or remove the lines marked "
                                "below, then send again."), code="invalid")
    invitations_allowance_take(invited_by, sum(line.result == "invite" for line in lines))
    for line in lines:
        if line.result == "invite":
            invitation_create(cohort=cohort, email=line.email, role=role,
                              invited_by=invited_by, name=line.name,
                              message=(message or "").strip())
            line.result = "invited"
    return lines


def invitations_allowance_take(user, count):
    """Take ``count`` of the invitation emails ``user`` may send today, or raise (code
    "throttled") and send none: the limit holds across processes and with Redis down."""
    from datetime import timedelta

    from django.conf import settings
    from django.core.exceptions import ValidationError

    from cohort import throttle

    if count and not throttle.hit("invitations", str(user.pk), limit=settings.INVITATIONS_PER_DAY,
                                  period=timedelta(days=1), amount=count):
        raise ValidationError(
            _("Nobody was invited: you can send at most %(max)d invitations a day. Try again "
              "tomorrow, or ask the site's administrator.") % {"max": settings.INVITATIONS_PER_DAY},
            code="throttled")


@transaction.atomic
def invitation_resend(invitation):
    """Send again with a fresh 14 days; the link in the earlier email keeps working."""
    from cohort.programme.invitations import Invitation, default_expiry

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.can_be_resent:
        raise InvitationError(_("Only an open or expired invitation can be sent again."), "state")
    invitation.expires_at = default_expiry()
    invitation.sent_count += 1
    invitation.save(update_fields=["expires_at", "sent_count"])
    _invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(invitation):
    from django.utils import timezone

    from cohort.programme.invitations import Invitation

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationError(
            _("This invitation has already been accepted; remove the membership instead."),
            "accepted",
        )
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_check(invitation):
    """Raise ``InvitationError`` with a clear message when the link cannot be used."""
    from cohort.programme.invitations import Invitation

    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationError(
            _("This invitation has already been used. Log in with your email address."),
            "accepted",
        )
    if status == Invitation.Status.REVOKED:
        raise InvitationError(
            _("This invitation has been withdrawn. Contact your facilitator if you think this is a mistake."),
            "revoked",
        )
    if status == Invitation.Status.EXPIRED:
        raise InvitationError(
            _("This invitation has expired. Ask your facilitator to send it again."), "expired"
        )


@transaction.atomic
def invitation_accept(*, token, user=None, first_name="", last_name="", password=""):
    """Use the invitation once: create the account when needed and add the membership.

    The row is locked, so two clicks (or two tabs) cannot both use it.
    """
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from cohort.models import User
    from cohort.programme.invitations import Invitation
    from cohort.services import membership_add

    invitation = Invitation.objects.select_for_update().select_related("cohort").get(token=token)
    invitation_check(invitation)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                _("An account with this email address already exists. Log in to accept."),
                "exists",
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, first_name=first_name,
            last_name=last_name,
        )
    elif user.email.lower() != invitation.email:
        raise InvitationError(
            _("This invitation is for another email address. Log out and open the link again."),
            "other_user",
        )
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    membership_add(user=user, cohort=invitation.cohort, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user, invitation
