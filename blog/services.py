"""Writes for the blog (HackSoft style: <entity>_<action>): email subscriptions and the
mail that announces a new post. Every email goes through the outbox
(``cohort.notifications.outbox.email_queue``): stored with the write, sent by Celery after commit."""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from blog.models import BlogIndexPage, BlogPostPage, BlogSubscription
from cohort.emails import absolute_url, render_subject, render_text
from cohort.notifications.outbox import email_queue

logger = logging.getLogger(__name__)

# An unconfirmed address gets at most one confirmation email per this period, however
# often the form is sent; a confirmed one gets none (see subscription_request).
CONFIRMATION_RESEND_AFTER = timedelta(minutes=15)
# A confirmation link older than this no longer works; asking again sends a new one.
CONFIRMATION_VALID_FOR = timedelta(days=7)


def _language(subscription):
    return subscription.language or settings.LANGUAGE_CODE


# --- Subscriptions -------------------------------------------------------------------


def normalised_mailbox(email: str) -> str:
    """The mailbox an address delivers to: ``Victim+1@Example.org`` and ``victim@example.org``
    are one (sub-addressing), as are Gmail addresses with and without dots, and a domain
    written in Unicode or in its ASCII (IDNA) form."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.strip('"').replace("\\", "").split("+", 1)[0]
    with contextlib.suppress(UnicodeError):  # not a valid IDN: keep it as written
        domain = domain.encode("idna").decode("ascii")
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def subscription_throttle(*, client: str) -> str | None:
    """None while this client may still ask; otherwise the (translated) reason to refuse.
    Counted in the database (``cohort.throttle``), so the limit holds with Redis down and
    across processes."""
    from django.utils.translation import gettext as _

    from cohort import throttle

    if client and not throttle.hit("blog-subscribe-client", client, period=timedelta(hours=1),
                                   limit=settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR):
        return _("You have asked for many subscriptions in a short time. Try again in an hour.")
    return None


def _mailbox_allowed(email: str) -> bool:
    from cohort import throttle

    return throttle.hit("blog-subscribe-mailbox", normalised_mailbox(email),
                        period=timedelta(hours=1),
                        limit=settings.BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR)


@transaction.atomic
def subscription_request(
    *, blog: BlogIndexPage, email: str, series=None, language: str = ""
) -> BlogSubscription | None:
    """Ask for new posts of ``blog`` (or one ``series``) at ``email``: double opt-in.

    A new or unconfirmed address gets a confirmation email, at most one per
    ``CONFIRMATION_RESEND_AFTER``; a confirmed address gets nothing; a mailbox asked for
    more than ``BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR`` times in the hour (in any spelling,
    see ``normalised_mailbox``) gets nothing either, and nothing is stored. The caller
    answers the same in every case, so the form never reveals who is subscribed, nor
    who else asked. Returns None when nothing was stored.
    """
    email = email.strip().lower()
    if not _mailbox_allowed(email):
        return None
    lookup = {"blog": blog, "series": series, "email": email}
    subscription = BlogSubscription.objects.select_for_update().filter(**lookup).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = BlogSubscription.objects.create(**lookup, language=language[:10])
        except IntegrityError:  # the same address asked twice at the same moment
            return BlogSubscription.objects.get(**lookup)
    if subscription.is_confirmed:
        return subscription
    now = timezone.now()
    sent = subscription.confirmation_sent_at
    if sent and now - sent < CONFIRMATION_RESEND_AFTER:
        return subscription
    subscription.confirmation_sent_at = now
    subscription.language = language[:10] or subscription.language
    subscription.save(update_fields=["confirmation_sent_at", "language"])
    _queue_confirmation(subscription, now)
    return subscription


def _queue_confirmation(subscription, now):
    context = {
        "blog": subscription.blog,
        "series": subscription.series,
        "confirm_url": absolute_url(subscription.get_confirm_url()),
        "unsubscribe_url": absolute_url(subscription.get_unsubscribe_url()),
        "valid_days": CONFIRMATION_VALID_FOR.days,
    }
    with translation.override(_language(subscription)):
        subject = render_subject("blog/email/confirm_subject.txt", context)
        body = render_text("blog/email/confirm.txt", context)
    email_queue(
        to=[subscription.email], subject=subject, body=body,
        key=f"blog-subscription-{subscription.pk}-confirm-{now:%Y%m%d%H%M%S%f}",
    )


@transaction.atomic
def subscription_confirm(*, blog: BlogIndexPage, token: str) -> BlogSubscription | None:
    """Confirm by the link from the email. Idempotent; None for an unknown or expired link."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the series join.
    subscription = (
        BlogSubscription.objects.select_for_update(of=("self",)).select_related("series")
        .filter(blog=blog, token=token).first()
    )
    if subscription is None:
        return None
    if subscription.is_confirmed:
        return subscription
    sent = subscription.confirmation_sent_at or subscription.created_at
    if timezone.now() - sent > CONFIRMATION_VALID_FOR:
        return None
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_cancel(*, blog: BlogIndexPage, token: str) -> bool:
    """Unsubscribe by the link in any email: the address is deleted. True when it was there."""
    deleted, _ = BlogSubscription.objects.filter(blog=blog, token=token).delete()
    return bool(deleted)


# --- New posts ---------------------------------------------------------------------


def post_published(post: BlogPostPage) -> bool:
    """Called from Wagtail's ``page_published`` signal (also when the beat task publishes a
    scheduled post). On a post's first publication only, queue the mail to its subscribers
    after commit; republishing or editing a post sends nothing (and the outbox keys would
    refuse a second mail anyway). Returns whether mail was queued."""
    # The signal also fires when a publication is only scheduled: the page is not live then.
    if not post.live or post.first_published_at is None:
        return False
    # Wagtail sets both to the same moment on the first publication only.
    if post.first_published_at != post.last_published_at:
        return False
    post_id = post.pk
    transaction.on_commit(lambda: post_mails_enqueue(post_id))
    return True


def post_mails_enqueue(post_id: int) -> None:
    """Hand the fan-out to Celery; with the broker down, store the emails here instead
    (the outbox's beat task sends them later), so no announcement is lost (rule 5)."""
    from blog.tasks import send_post_to_subscribers

    try:
        send_post_to_subscribers.delay(post_id)
    except Exception:
        logger.warning("Could not queue the mails for blog post %s; storing them now.", post_id)
        post_mail_subscribers(post_id)


def post_mail_subscribers(post_id: int) -> int:
    """Queue one email per confirmed subscriber of the post's blog or series; each under
    the key ``blog-post-<post>-sub-<subscription>`` so a retry stores nothing twice. An
    address subscribed to both the blog and the series gets one email. Returns the number
    of emails newly stored."""
    from cohort.notifications.models import OutgoingEmail

    post = (
        BlogPostPage.objects.live().public().filter(pk=post_id)
        .select_related("series", "author").first()
    )
    if post is None:  # unpublished or made private since: nothing to announce
        return 0
    blog = post.get_parent().specific
    subscriptions = (
        BlogSubscription.objects.filter(blog=blog, confirmed_at__isnull=False)
        .filter(Q(series__isnull=True) | Q(series_id=post.series_id))
        .select_related("series")
        .order_by(F("series_id").asc(nulls_first=True), "pk")
    )
    post_url = absolute_url(post.get_url())
    queued, seen = 0, set()
    for subscription in subscriptions.iterator(chunk_size=500):
        if subscription.email in seen:
            continue
        seen.add(subscription.email)
        subscription.blog = blog  # loaded once for all of them
        key = f"blog-post-{post.pk}-sub-{subscription.pk}"
        if OutgoingEmail.objects.filter(key=key).exists():
            continue
        context = {
            "post": post,
            "blog": blog,
            "subscription": subscription,
            "post_url": post_url,
            "unsubscribe_url": absolute_url(subscription.get_unsubscribe_url()),
        }
        with translation.override(_language(subscription)):
            subject = render_subject("blog/email/new_post_subject.txt", context)
            body = render_text("blog/email/new_post.txt", context)
        email_queue(to=[subscription.email], subject=subject, body=body, key=key)
        queued += 1
    return queued


# --- Facilitators ------------------------------------------------------------------


def facilitators_blog_permissions_ensure(group=None):
    """Give the facilitators' group ("Begeleiders") the blog: its pages (every blog index and
    the posts below it) and its snippets, authors and series. Idempotent; runs after every
    migrate (``cohort.registry.facilitator_permissions``) and in ``seed_demo``."""
    from django.contrib.auth.models import Permission

    from cohort import services as cohort_services

    group = group or cohort_services.facilitators_group()
    if group is None:
        return None
    perms = Permission.objects.filter(
        content_type__app_label="blog",
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("blogauthor", "blogseries")
        ],
    )
    group.permissions.add(*perms)
    for blog in BlogIndexPage.objects.all():
        cohort_services.group_page_permissions_ensure(group, blog)
    return group


def blog_created(blog) -> None:
    """A new blog is the facilitators' to write in at once."""
    from cohort import services as cohort_services

    group = cohort_services.facilitators_group()
    if group is not None:
        cohort_services.group_page_permissions_ensure(group, blog)


def subscriptions_purge_unconfirmed(now=None) -> int:
    """Forget addresses that never confirmed: their link expired long ago (privacy)."""
    now = now or timezone.now()
    stale = BlogSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - 2 * CONFIRMATION_VALID_FOR
    )
    deleted, _ = stale.delete()
    return deleted


def post_content_changed(post_id) -> None:
    """What a live post shows changed without a new revision (a quote's consent was
    withdrawn): its search entry and any front-end cache are refreshed."""
    from django.apps import apps
    from wagtail.search import index

    from blog.models import BlogPostPage
    from cohort import navcache

    navcache.purge()  # the visitors' copy of every page (the post, its index and feeds)
    post = BlogPostPage.objects.live().filter(pk=post_id).first()
    if post is None:
        return
    index.insert_or_update_object(post)
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

        purge_page_from_cache(post)
