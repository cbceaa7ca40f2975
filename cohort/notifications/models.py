"""The email outbox, and (with the notifications) what each member is told.

This app sits just above the core: every capability notifies through it, and it knows
what it notifies about only by a subject key (``case:12``), a title, an edition and a URL,
never by importing the apps above it (``cohort.notifications.subjects``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """Transactional outbox: the row is written with the request's data, a Celery task
    sends it after commit, and a beat task re-sends what is still pending when Redis or the
    worker was down. Sent once (status under lock); ``key`` stores it once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.JSONField(_("recipients"))
    from_email = models.CharField(max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    # Extra headers (List-Unsubscribe, Message-ID, References …), as {name: value}.
    headers = models.JSONField(default=dict, blank=True)
    # The notifications this email is about: checked again just before it is sent, so
    # nothing reaches a member who may no longer see it (removed from the edition, …).
    notification_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"


def new_unsubscribe_token():
    import secrets

    return secrets.token_urlsafe(32)


class NotificationBatch(models.Model):
    """One event to tell its recipients about, stored with the write that caused it.

    A task after commit (or the beat sweep, when Redis was down) expands it into one
    notification per recipient in one bulk insert, so the request's cost does not grow
    with the number of recipients and nothing is lost when the worker is away.
    """

    kind = models.CharField(max_length=50)
    watcher_kind = models.CharField(max_length=50)
    subject_key = models.CharField(max_length=100)
    cohort = models.ForeignKey("cohort.CohortPage", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey("cohort.User", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    excerpt = models.TextField(blank=True)
    event_key = models.CharField(max_length=150)
    recipient_ids = models.JSONField(default=list)
    # Instead of (or besides) ids: the edition's active members with these roles (an empty
    # list: every role), looked up by the task, so the request does not list them.
    audience_roles = models.JSONField(null=True, blank=True)
    watchers = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expanded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("notification batch")
        verbose_name_plural = _("notification batches")

    def __str__(self):
        return f"{self.kind} {self.subject_key} → {len(self.recipient_ids)}"


class Notification(models.Model):
    """One thing a member is told about: in the site at once, by email now (immediate
    kinds, after a short delay, unless read by then) or in the digest (the rest)."""

    class Email(models.TextChoices):
        NONE = "none", _("in the digest")
        PENDING = "pending", _("waiting to be emailed")
        SENT = "sent", _("emailed")
        SKIPPED = "skipped", _("not emailed")

    recipient = models.ForeignKey(
        "cohort.User", on_delete=models.CASCADE, related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    actor = models.ForeignKey(
        "cohort.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("by"),
    )
    subject_key = models.CharField(_("subject"), max_length=100, db_index=True)
    cohort = models.ForeignKey(
        "cohort.CohortPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("edition"),
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(max_length=500)
    # The first lines of what was written: in emails only for members who opted in.
    excerpt = models.TextField(blank=True)
    # One event notifies a member once: the same key again stores nothing.
    event_key = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    email_due_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"],
                                    name="notifications_once_per_event"),
        ]
        indexes = [
            # The header's unread count: one index scan per page.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notifications_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notifications_listing"),
            models.Index(fields=["email", "email_due_at"], name="notifications_email_due"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}: {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("notifications:open", args=[self.pk])


class NotificationPreference(models.Model):
    """How one member wants to hear: the direct kinds by email (after a short delay) or
    not, and the rest in a digest, "de leergangbrief", daily or weekly at an hour."""

    class Digest(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        OFF = "off", _("never")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.OneToOneField(
        "cohort.User", on_delete=models.CASCADE, related_name="notification_preference"
    )
    immediate_email = models.BooleanField(
        _("email me at once about my own cases, replies to me and mentions of me"),
        default=True,
    )
    digest = models.CharField(_("the digest"), max_length=10, choices=Digest.choices,
                              default=Digest.WEEKLY)
    digest_hour = models.PositiveSmallIntegerField(
        _("time"), default=7, help_text=_("The hour, in Dutch time (Europe/Amsterdam)."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("day"), choices=Weekday.choices, default=Weekday.MONDAY,
        help_text=_("For the weekly digest."),
    )
    show_excerpts = models.BooleanField(
        _("also show the first lines of the text in emails"), default=False,
        help_text=_("Off by default: what is written in an edition is confidential. Emails "
                    "then say who wrote what where, with a link."),
    )
    emails_enabled = models.BooleanField(_("send me emails about the programme"), default=True)
    language = models.CharField(_("language of the emails"), max_length=10, default="nl",
                                choices=[("nl", "Nederlands"), ("en", "English")])
    # Secret in the one-click unsubscribe link of every email.
    token = models.CharField(max_length=64, unique=True, default=new_unsubscribe_token,
                             editable=False)
    # The digest period last handled ("d2026-12-01", "w2026-49"): never twice for one.
    last_digest_period = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23),
                                   name="notifications_digest_hour_range"),
            models.CheckConstraint(condition=models.Q(digest_weekday__lte=6),
                                   name="notifications_digest_weekday_range"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.digest} {self.digest_hour}h"


class SubjectWatch(models.Model):
    """A member's level for one subject (a case, a thread): watching gets everything on it,
    muted gets nothing, normal (no row) what is addressed to them."""

    class Level(models.TextChoices):
        WATCHING = "watching", _("watching")
        NORMAL = "normal", _("normal")
        MUTED = "muted", _("muted")

    user = models.ForeignKey("cohort.User", on_delete=models.CASCADE, related_name="watches")
    subject_key = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.NORMAL)

    class Meta:
        verbose_name = _("watch level")
        verbose_name_plural = _("watch levels")
        constraints = [
            models.UniqueConstraint(fields=["user", "subject_key"],
                                    name="notifications_watch_once"),
        ]
        indexes = [models.Index(fields=["subject_key", "level"])]

    def __str__(self):
        return f"{self.user_id} {self.level} {self.subject_key}"
