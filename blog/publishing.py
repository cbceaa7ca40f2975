"""A blog post with a quote that is not consented to is not published or scheduled,
whatever the route (DESIGN.md, rule 9).

Every publication of a revision ends in one of two saves, and both are guarded here: the
post going live (``BlogPostPage.save``: edit view, workflow approval, bulk action, admin API,
``revision.publish()`` in code) and a revision approved for a later moment (``Revision``
pre-save: scheduling). A new live page (a copy kept live, an alias) is saved as a draft.
A plain ``save()`` of the live row is not a publication and is not checked: rendering checks
every quote anyway. The edit
view and the bulk action ask first (``wagtail_hooks``) so the facilitator gets the message
without an error; ``PublishRefusedMiddleware`` turns a refusal anywhere else in the admin
into the same message. Scheduled publishing holds the post back and tells the facilitator.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PublishRefused(ValidationError):
    def __init__(self, page, lines):
        self.page, self.lines = page, lines
        # Keyed by field: Wagtail's admin API turns ``message_dict`` into its 400 answer.
        super().__init__({"body": [ValidationError(message(page, lines),
                                                   code="quote_consent")]})


def refusals(page) -> list[str]:
    """Why ``page`` may not be published now (empty: it may)."""
    from blog.models import BlogPostPage
    from cohort.consent import quotes

    if not isinstance(page, BlogPostPage):
        return []
    return quotes.problems(page)


def check(page) -> None:
    lines = refusals(page)
    if lines:
        raise PublishRefused(page, lines)


def message(page, lines) -> str:
    return " ".join([
        _("“%(title)s” is not published: a quote from the programme may appear only with "
          "its author's consent.") % {"title": page.title},
        *lines,
    ])


def goes_live(page) -> bool:
    """Whether this save of a live post publishes something not live before."""
    if not page.live:
        return False
    if page.pk is None:
        return True
    return not type(page).objects.filter(
        pk=page.pk, live=True, live_revision_id=page.live_revision_id).exists()


def on_revision_saving(sender, instance, raw=False, update_fields=None):
    """A revision being approved for a later go-live moment: scheduling."""
    if raw or instance.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    from blog.models import BlogPostPage

    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None and issubclass(model, BlogPostPage):
        check(instance.as_object())


def hold_scheduled(page, revision) -> bool:
    """At its go-live moment a scheduled post whose quotes lost their consent stays a
    draft: its schedule is cleared (so it is not retried every minute) and the facilitator
    who scheduled it, and whoever asked for each quote, are told. True when held."""
    lines = refusals(page)
    if not lines:
        return False
    from wagtail.log_actions import log
    from wagtail.models import Revision

    from cohort.consent import quotes

    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    log(instance=page, action="blog.publish_held", data={"reasons": lines},  # no words
        revision=revision)
    consents = [value["consent"] for value in quotes.quotes_in(page)
                if value.get("consent") is not None and quotes.problem(value, page.pk)]
    from cohort.consent.services import tell_post_held

    # Whoever asked for each quote, and who scheduled the post; a quote without a consent
    # left (its author's account was removed) is in the page's history only.
    for consent in consents:
        tell_post_held(page, consent, also=[revision.user_id])
    return True
