"""Invitations: a facilitator invites someone by email to one edition; the link is valid
14 days, can be re-sent and revoked, and works once."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohort.models import Membership

INVITATION_VALID_DAYS = 14


def new_invitation_token():
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    cohort = models.ForeignKey(
        "cohort.CohortPage", on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("edition"),
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True,
                            help_text=_("Filled in for them when they accept."))
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices,
        default=Membership.Role.PARTICIPANT,
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token,
                             editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"), default=default_expiry)
    sent_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["cohort", "email"])]

    def __str__(self):
        return f"{self.email} → {self.cohort}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:invitation", args=[self.token])

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def status_label(self):
        return self.Status(self.status).label

    status_label.short_description = _("status")

    @property
    def can_be_resent(self):
        return self.status in (self.Status.PENDING, self.Status.EXPIRED)
