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

    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.JSONField(_("recipients"))
    from_email = models.CharField(max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    # Extra headers (List-Unsubscribe, Message-ID, References …), as {name: value}.
    headers = models.JSONField(default=dict, blank=True)
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
