"""Writes for consent to quote (HackSoft style). Each checks its permission here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohort import permissions
from cohort.consent.models import QuoteConsent, QuoteConsentEvent, excerpt_hash

MAX_EXCERPT = 2_000


def _one_line(text):
    return " ".join((text or "").split())


def source_text(source) -> str:
    """The words a quote may be taken from: the source as its author wrote it."""
    return source.body


@transaction.atomic
def consent_request(*, user, source, excerpt: str, post, note: str) -> QuoteConsent:
    """A facilitator of the source's edition asks its author for one excerpt, for one post."""
    from blog.models import BlogPostPage
    from cohort.models import Membership
    from cohort.threads.models import Comment, Reflection

    is_comment = isinstance(source, Comment)
    # As stored now: the caller's copy may be older than a removal or a hiding.
    source = (Comment.objects.select_related("thread") if is_comment
              else Reflection.objects).get(pk=source.pk)
    cohort_id = source.thread.cohort_id if is_comment else source.cohort_id
    if cohort_id not in permissions.facilitated_cohort_ids(user):
        raise PermissionDenied
    visible = (permissions.visible_comments(user) if is_comment
               else permissions.visible_reflections(user).filter(status=Reflection.Status.SHARED))
    if not visible.filter(pk=source.pk).exists() or source.deleted_at or (
            is_comment and source.hidden_at):
        raise PermissionDenied
    if source.author_id is None or source.author_id == user.pk:
        raise ValidationError(_("Only words someone else wrote need their consent."))
    if not Membership.objects.filter(user_id=source.author_id, cohort_id=cohort_id).exists():
        raise ValidationError(_("The author is no longer in the edition: they cannot be "
                                "asked."), code="left")
    excerpt = _one_line(excerpt)
    errors = {}
    if not excerpt:
        errors["excerpt"] = _("Choose the words you would like to quote.")
    elif len(excerpt) > MAX_EXCERPT:
        errors["excerpt"] = _("Quote at most %(max)d characters.") % {"max": MAX_EXCERPT}
    elif excerpt not in _one_line(source_text(source)):
        errors["excerpt"] = _("The excerpt must be the author's exact words: copy them from "
                              "the text, shortening it if you like, without changing them.")
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say in a sentence why you would like to quote it.")
    if not isinstance(post, BlogPostPage):
        errors["post"] = _("Choose the blog post the quote is for.")
    if errors:
        raise ValidationError(errors)
    digest = excerpt_hash(excerpt)
    earlier = QuoteConsent.objects.filter(author_id=source.author_id, post=post,
                                          excerpt_hash=digest)
    if earlier.filter(status=QuoteConsent.Status.PENDING).exists():
        raise ValidationError(_("This excerpt is already waiting for an answer for this post."),
                              code="open")
    if earlier.filter(status__in=QuoteConsent.GIVEN).exists():
        raise ValidationError(_("The author has already agreed to this excerpt for this "
                                "post."), code="given")
    declined = list(earlier.filter(status=QuoteConsent.Status.DECLINED))
    if len(declined) >= 2:
        raise ValidationError(_("The author declined this twice: it is not asked again."),
                              code="declined_twice")
    if declined and _one_line(declined[0].note) == _one_line(note):
        raise ValidationError({"note": _("You may ask once more after “rather not”, with a "
                                         "new note that says what has changed.")})
    try:
        with transaction.atomic():
            consent = QuoteConsent.objects.create(
                cohort_id=cohort_id, author_id=source.author_id, post=post, excerpt=excerpt,
                excerpt_hash=digest, note=note, requested_by=user,
                comment=source if is_comment else None,
                reflection=None if is_comment else source,
            )
    except IntegrityError:  # asked twice at once
        raise ValidationError(_("This excerpt is already waiting for an answer for this "
                                "post."), code="open") from None
    QuoteConsentEvent.objects.create(consent=consent, actor=user,
                                     kind=QuoteConsentEvent.Kind.REQUESTED, note=note)
    _notify(consent, [consent.author_id], "consent_requested", actor=user, event="requested")
    return consent


@transaction.atomic
def consent_decide(*, user, consent: QuoteConsent, choice: str,
                   display_name: str = "", message: str = "") -> QuoteConsent:
    consent = QuoteConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.author_id != user.pk:
        raise PermissionDenied
    if consent.status != QuoteConsent.Status.PENDING:
        raise ValidationError(_("This request has been answered already."), code="answered")
    if choice not in (QuoteConsent.Status.NAMED, QuoteConsent.Status.ANONYMOUS,
                      QuoteConsent.Status.DECLINED):
        raise ValidationError({"choice": _("Choose one of the three answers.")})
    display_name = _one_line(display_name)[:100]
    if choice == QuoteConsent.Status.NAMED and not display_name:
        raise ValidationError({"display_name": _("Give the name to show with the quote.")})
    consent.status = choice
    consent.display_name = display_name if choice == QuoteConsent.Status.NAMED else ""
    consent.decided_at = timezone.now()
    consent.save(update_fields=["status", "display_name", "decided_at"])
    QuoteConsentEvent.objects.create(consent=consent, actor=user, kind=choice,
                                     note=(message or "").strip()[:1000])
    _notify(consent, [consent.requested_by_id], "consent_decided", actor=user,
            event=f"decided-{consent.decided_at:%Y%m%d%H%M%S}")
    return consent


@transaction.atomic
def consent_withdraw(*, user, consent: QuoteConsent, reason_kind="author") -> QuoteConsent:
    """The author takes a consent back (or the system does, when the text or the author is
    gone). The facilitator who asked is told."""
    consent = QuoteConsent.objects.select_for_update().get(pk=consent.pk)
    if user is not None and consent.author_id != user.pk:
        raise PermissionDenied
    if consent.status in (QuoteConsent.Status.WITHDRAWN, QuoteConsent.Status.DECLINED):
        return consent
    consent.status = QuoteConsent.Status.WITHDRAWN
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["status", "withdrawn_at"])
    QuoteConsentEvent.objects.create(
        consent=consent, actor=user, kind=QuoteConsentEvent.Kind.WITHDRAWN,
        note="" if reason_kind == "author" else reason_kind)
    _notify(consent, [consent.requested_by_id], "consent_withdrawn", actor=user,
            event="withdrawn")
    # The page already leaves the quote out (checked when rendering); caches follow.
    post_id = consent.post_id
    transaction.on_commit(lambda: _post_changed(post_id))
    return consent


def _post_changed(post_id):
    from blog.services import post_content_changed

    post_content_changed(post_id)


def consents_withdraw_for_source(source) -> int:
    """A removed reflection or comment takes its consents with it."""
    from cohort.threads.models import Comment

    field = "comment" if isinstance(source, Comment) else "reflection"
    count = 0
    for consent in QuoteConsent.objects.filter(**{field: source}).exclude(
            status__in=[QuoteConsent.Status.WITHDRAWN, QuoteConsent.Status.DECLINED]):
        consent_withdraw(user=None, consent=consent, reason_kind="removed")
        count += 1
    return count


def consents_withdraw_for_member(user_id, cohort_id) -> int:
    """An author who leaves the edition takes their consents with them."""
    count = 0
    for consent in QuoteConsent.objects.filter(author_id=user_id, cohort_id=cohort_id).exclude(
            status__in=[QuoteConsent.Status.WITHDRAWN, QuoteConsent.Status.DECLINED]):
        consent_withdraw(user=None, consent=consent, reason_kind="left")
        count += 1
    return count


def _notify(consent, recipients, kind, *, actor, event):
    """Content-free: who asks or answers, and for which post; never the excerpt."""
    from cohort.notifications.services import notify

    notify(kind=kind, subject_key=f"consent:{consent.pk}", title=consent.post.title,
           url=consent.get_absolute_url(), cohort=consent.cohort, actor=actor,
           recipients=[r for r in recipients if r], event_key=f"consent:{consent.pk}:{event}",
           watchers=False)


def tell_post_held(post, consent, *, also=()):
    """A scheduled post was kept back at its go-live moment for want of consent."""
    from cohort.notifications.services import notify

    notify(kind="consent_post_held", subject_key=f"consent:{consent.pk}", title=post.title,
           url=reverse("wagtailadmin_pages:edit", args=[post.pk]), cohort=consent.cohort, actor=None,
           recipients=[r for r in (consent.requested_by_id, *also) if r],
           event_key=f"consent:{consent.pk}:held:{post.pk}:{post.latest_revision_id}",
           watchers=False)
