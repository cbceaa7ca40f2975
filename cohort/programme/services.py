"""Writes for the programme (HackSoft style: <entity>_<action>)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cohort import permissions
from cohort.programme import selectors
from cohort.programme.models import BlockCompletion, BlockPage


@transaction.atomic
def block_mark_done(*, user, block: BlockPage, done: bool = True) -> bool:
    """Mark (or unmark) a block as done for ``user``; only an open block of their edition."""
    if not permissions.can_view_block(user, block):
        raise PermissionDenied
    if done and not selectors.block_state_for(block, user).is_open:
        raise PermissionDenied
    if done:
        BlockCompletion.objects.get_or_create(user=user, block=block)
    else:
        BlockCompletion.objects.filter(user=user, block=block).delete()
    return done


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
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from cohort.models import Membership, OutgoingEmail
    from cohort.programme.models import Session
    from cohort.services import email_queue

    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).date()
    sessions = Session.objects.filter(
        start__date=tomorrow, cohort__live=True
    ).select_related("cohort", "block")
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        for session in sessions:
            members = Membership.objects.filter(
                cohort=session.cohort, user__is_active=True
            ).select_related("user")
            for membership in members:
                key = f"session-reminder:{session.pk}:{membership.user_id}:{session.start:%Y%m%d%H%M}"
                if OutgoingEmail.objects.filter(key=key).exists():
                    continue
                context = {
                    "session": session,
                    "person": membership.user,
                    "site_url": settings.SITE_URL,
                }
                with transaction.atomic():
                    email_queue(
                        to=[membership.user.email],
                        subject=render_to_string(
                            "programme/email/session_reminder_subject.txt", context
                        ).strip(),
                        body=render_to_string("programme/email/session_reminder.txt", context),
                        key=key,
                    )
                queued += 1
    return queued
