"""Consent to quote a member's words in the blog (DESIGN.md, rule 9).

A facilitator of the edition asks for one exact excerpt of a shared reflection or a comment,
for one blog post; its author decides (with their name, anonymously, or not) and may
withdraw at any time. The consent is bound to a hash of the excerpt: a changed excerpt is
not consented to. Every request, decision and withdrawal is kept as an event.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def excerpt_hash(text: str) -> str:
    """The excerpt as consented to: whitespace runs made one space, then SHA-256."""
    return hashlib.sha256(" ".join((text or "").split()).encode()).hexdigest()


class QuoteConsent(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        NAMED = "named", _("yes, with my name")
        ANONYMOUS = "anonymous", _("yes, anonymously")
        DECLINED = "declined", _("rather not")
        WITHDRAWN = "withdrawn", _("withdrawn")

    GIVEN = (Status.NAMED, Status.ANONYMOUS)

    cohort = models.ForeignKey("cohort.CohortPage", on_delete=models.CASCADE,
                               related_name="quote_consents")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="quote_consents", verbose_name=_("author"))
    reflection = models.ForeignKey("threads.Reflection", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="quote_consents")
    comment = models.ForeignKey("threads.Comment", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="quote_consents")
    post = models.ForeignKey("blog.BlogPostPage", on_delete=models.CASCADE,
                             related_name="quote_consents", verbose_name=_("blog post"))
    excerpt = models.TextField(_("excerpt"))
    excerpt_hash = models.CharField(max_length=64, editable=False, db_index=True)
    note = models.TextField(_("why this quote"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("answer"), max_length=20, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    display_name = models.CharField(_("name shown"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent to quote")
        verbose_name_plural = _("consents to quote")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open request for an excerpt and a post at a time.
            models.UniqueConstraint(fields=["author", "post", "excerpt_hash"],
                                    condition=Q(status="pending"),
                                    name="one_open_request_per_excerpt"),
        ]

    def __str__(self):
        return f"{self.post} — {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("consent:detail", args=[self.pk])

    @property
    def is_given(self):
        return self.status in self.GIVEN

    @property
    def source(self):
        return self.comment if self.comment_id else self.reflection

    def matches(self, text: str) -> bool:
        """Whether ``text`` is the excerpt consented to (and the consent still stands)."""
        return self.is_given and excerpt_hash(text) == self.excerpt_hash


class QuoteConsentEvent(models.Model):
    class Kind(models.TextChoices):
        REQUESTED = "requested", _("asked")
        NAMED = "named", _("agreed, with name")
        ANONYMOUS = "anonymous", _("agreed, anonymously")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    consent = models.ForeignKey(QuoteConsent, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_kind_display()
