"""Email subscriptions to a blog (or one series of it), confirmed by double opt-in."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_subscription_token():
    return secrets.token_urlsafe(32)


class BlogSubscription(models.Model):
    """An address that asked for new posts. Mail goes out only once ``confirmed_at`` is set
    (the confirmation link proves the address is the asker's). Unsubscribing deletes the
    row: we keep no address of someone who left."""

    blog = models.ForeignKey(
        "blog.BlogIndexPage", on_delete=models.CASCADE, related_name="subscriptions",
        verbose_name=_("blog"),
    )
    series = models.ForeignKey(
        "blog.BlogSeries", null=True, blank=True, on_delete=models.CASCADE,
        related_name="subscriptions", verbose_name=_("series"),
        help_text=_("Empty: every post of the blog."),
    )
    email = models.EmailField(_("email address"))
    # Secret in the confirm and unsubscribe links of every email to this address.
    token = models.CharField(max_length=64, unique=True, default=new_subscription_token,
                             editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("blog subscription")
        verbose_name_plural = _("blog subscriptions")
        ordering = ["-created_at"]
        constraints = [
            # One row per address and blog, and per address and series (NULLs never clash
            # in a plain unique constraint, hence the two conditions).
            models.UniqueConstraint(
                fields=["blog", "email"], condition=Q(series__isnull=True),
                name="blog_subscription_blog_unique",
            ),
            models.UniqueConstraint(
                fields=["blog", "series", "email"], condition=Q(series__isnull=False),
                name="blog_subscription_series_unique",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.series or self.blog}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def get_confirm_url(self) -> str:
        return self.blog.route_url("confirm", token=self.token)

    def get_unsubscribe_url(self) -> str:
        return self.blog.route_url("unsubscribe", token=self.token)
