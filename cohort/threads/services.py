"""Writes for reflections and threads (HackSoft style: <entity>_<action>).

Each service checks its permission through ``cohort.permissions`` and raises
PermissionDenied, so a view that forgets a check still cannot write. Bad input raises a
translated ValidationError and changes nothing (rule 6); notifications are stored with
the write and delivered after commit (rule 5).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cohort import permissions, throttle
from cohort.notifications.services import notifications_forget, notifications_retell
from cohort.threads import text
from cohort.threads.models import Comment, Reaction, ReadPosition, Reflection, Revision, Thread


class RateLimited(Exception):
    """Too many posts in a short time: the view answers 429 with a message."""


@dataclass(frozen=True)
class Prompt:
    id: str
    question: str
    post_first: bool


def block_prompts(block) -> list[Prompt]:
    return [
        Prompt(id=child.id, question=child.value.get("question") or "",
               post_first=bool(child.value.get("post_before_seeing_peers")))
        for child in block.body if child.block_type == "reflection_prompt"
    ]


def prompt_of(block, prompt_id: str) -> Prompt | None:
    """The block's prompt with this id; for "" the block itself (no question)."""
    if not prompt_id:
        return Prompt(id="", question="", post_first=False)
    return next((prompt for prompt in block_prompts(block) if prompt.id == prompt_id), None)


def edition_people(cohort) -> list:
    """Who a text in this edition can mention: its active members, facilitators included."""
    from cohort.models import User

    return list(User.objects.filter(memberships__cohort=cohort, is_active=True).distinct())


def mentionable(thread) -> list:
    """Who a comment in this thread can mention: the edition's members who may open what
    it is under (a case for the facilitators only: them; "post your own first": who did)."""
    from cohort.cases.notifications import case_viewer_ids
    from cohort.threads.notifications import reflection_viewer_ids

    people = edition_people(thread.cohort)
    subject = thread.case if thread.case_id else thread.reflection
    if thread.case_id and subject.audience == "edition" or (
            thread.reflection_id and not subject.post_first):
        return people  # the whole edition may open it
    ids = {person.pk for person in people}
    if thread.case_id:
        allowed = case_viewer_ids(thread.case_id, ids)
    else:
        allowed = reflection_viewer_ids(thread.reflection_id, ids)
    return [person for person in people if person.pk in allowed]


def _render(source: str, cohort, people=None) -> text.Rendered:
    people = edition_people(cohort) if people is None else people
    return text.render(source, people, mention_url=lambda p: p.get_absolute_url())


def _checked_source(value: str, *, what: str) -> str:
    source = text.clean_source(value)
    if not source:
        raise ValidationError({"body": _("Write something before you post.")
                               if what == "comment" else _("Write your reflection first.")},
                              code="empty")
    if len(source) > text.MAX_CHARS:
        raise ValidationError(
            {"body": _("Keep it under %(max)s characters (this is %(count)s).")
             % {"max": f"{text.MAX_CHARS:,}".replace(",", "."),
                "count": f"{len(source):,}".replace(",", ".")}},
            code="too_long",
        )
    return source


def _check_mentions(rendered: text.Rendered):
    if len(rendered.mentioned) > text.MAX_MENTIONS:
        raise ValidationError(
            {"body": _("Mention at most %(max)d people in one comment.") % {
                "max": text.MAX_MENTIONS}},
            code="too_many_mentions",
        )


def _throttle(user):
    if not throttle.hit("thread-post", str(user.pk), limit=settings.THREAD_POST_LIMIT,
                        period=timedelta(minutes=settings.THREAD_POST_WINDOW_MINUTES)):
        raise RateLimited


def _grace_over(written_at, now) -> bool:
    return now - written_at > timedelta(minutes=settings.THREAD_EDIT_GRACE_MINUTES)


# --- Reflections ----------------------------------------------------------------------


@transaction.atomic
def reflection_save(*, author, cohort, block, prompt_id: str, body: str,
                    share: bool = False) -> Reflection:
    """Write (or rewrite) one's reflection on a prompt of an open block: a draft until
    shared. One reflection per person per prompt: writing again edits it."""
    from cohort.programme.selectors import block_open_for

    if not permissions.can_write_reflection(author, cohort):
        raise PermissionDenied
    prompt = prompt_of(block, prompt_id)
    if prompt is None:
        raise ValidationError(_("This reflection question is no longer in the block."),
                              code="no_prompt")
    if not block_open_for(block, cohort, author):
        raise ValidationError(
            _("Block %(number)s is not open for your edition yet.") % {"number": block.number},
            code="block_closed",
        )
    mine = Reflection.objects.filter(cohort=cohort, author=author, block=block,
                                     prompt_id=prompt.id, deleted_at__isnull=True)
    existing = mine.select_for_update().first()
    if existing is None:
        source = _checked_source(body, what="reflection")
        rendered = _render(source, cohort)
        try:
            with transaction.atomic():
                reflection = Reflection.objects.create(
                    cohort=cohort, author=author, block=block, prompt_id=prompt.id,
                    body=source, body_html=rendered.html, prompt_text=prompt.question,
                    post_first=prompt.post_first, last_activity_at=timezone.now())
        except IntegrityError:  # the same form sent twice at once: the other one won
            existing = mine.select_for_update().get()
    if existing is not None:
        reflection = reflection_edit(user=author, reflection=existing, body=body)
    if share and reflection.is_draft:
        reflection = reflection_share(user=author, reflection=reflection)
    return reflection


@transaction.atomic
def reflection_share(*, user, reflection: Reflection) -> Reflection:
    reflection = Reflection.objects.select_for_update(of=("self",)).select_related(
        "cohort", "block").get(pk=reflection.pk)
    if (reflection.author_id != user.pk or reflection.is_deleted
            or not permissions.can_write_reflection(user, reflection.cohort)):
        raise PermissionDenied
    if not reflection.is_draft:
        return reflection
    now = timezone.now()
    reflection.status = Reflection.Status.SHARED
    reflection.shared_at = reflection.last_activity_at = now
    reflection.save(update_fields=["status", "shared_at", "last_activity_at", "updated_at"])
    Thread.objects.get_or_create(reflection=reflection, defaults={"cohort": reflection.cohort})
    _notify_reflection_shared(reflection)
    return reflection


def _reflection_mentionable(reflection) -> list:
    from cohort.threads.notifications import reflection_viewer_ids

    people = edition_people(reflection.cohort)
    if not reflection.post_first:
        return people
    allowed = reflection_viewer_ids(reflection.pk, {person.pk for person in people})
    return [person for person in people if person.pk in allowed]


def _notify_reflection_shared(reflection: Reflection):
    """The edition hears of it, except, with "post your own first", those who may not
    read it yet: they are told by the page once they shared their own. Who it mentions
    (and may read it) hears of that first: one event, one notification each."""
    from cohort.models import Membership
    from cohort.notifications.services import notify
    from cohort.threads.notifications import reflection_key

    mentioned = [person.pk for person in text.find_mentions(
        reflection.body, _reflection_mentionable(reflection)) if person.pk !=
        reflection.author_id][: text.MAX_MENTIONS]
    if mentioned:
        notify(kind="comment_mention", subject_key=reflection_key(reflection),
               title=_reflection_title(reflection), url=reflection.get_absolute_url(),
               cohort=reflection.cohort, actor=reflection.author, recipients=mentioned,
               event_key=f"reflection:{reflection.pk}:shared", watchers=False,
               excerpt=reflection.body)

    if reflection.post_first:
        recipients = list(
            Reflection.objects.filter(cohort=reflection.cohort, block=reflection.block,
                                      prompt_id=reflection.prompt_id, status="shared",
                                      deleted_at__isnull=True)
            .values_list("author_id", flat=True)
        )
        roles = [Membership.Role.FACILITATOR, Membership.Role.OBSERVER]
    else:
        recipients, roles = [], []
    notify(kind="reflection_shared", subject_key=reflection_key(reflection),
           title=_reflection_title(reflection), url=reflection.get_absolute_url(),
           cohort=reflection.cohort, actor=reflection.author, recipients=recipients,
           audience_roles=roles, event_key=f"reflection:{reflection.pk}:shared",
           watchers=False)


def _reflection_title(reflection) -> str:
    """The block's title: stored with the notification, so in no one's language; the
    sentence around it ("… shared a reflection on …") is translated for each reader."""
    return reflection.block.title


@transaction.atomic
def reflection_edit(*, user, reflection: Reflection, body: str) -> Reflection:
    reflection = Reflection.objects.select_for_update(of=("self",)).select_related(
        "cohort").get(pk=reflection.pk)
    if (reflection.author_id != user.pk or reflection.is_deleted
            or not permissions.can_write_reflection(user, reflection.cohort)):
        raise PermissionDenied
    source = _checked_source(body, what="reflection")
    if source == reflection.body:
        return reflection
    rendered = _render(source, reflection.cohort)
    now = timezone.now()
    # A draft is nobody's business: it keeps no history. Once shared, an edit after the
    # grace period keeps the text it replaces.
    if not reflection.is_draft and _grace_over(reflection.edited_at or reflection.shared_at,
                                                now):
        Revision.objects.create(reflection=reflection, body_html=reflection.body_html,
                                written_at=reflection.edited_at or reflection.shared_at)
        reflection.edited_at = now
    reflection.body, reflection.body_html = source, rendered.html
    reflection.save()
    return reflection


@transaction.atomic
def reflection_delete(*, user, reflection: Reflection) -> Reflection | None:
    """A draft goes altogether; a shared reflection leaves "removed by the author" so the
    thread beneath it keeps its context. Its text and history go."""
    reflection = Reflection.objects.select_for_update().get(pk=reflection.pk)
    if reflection.author_id != user.pk:
        raise PermissionDenied
    if reflection.is_draft:
        reflection.delete()
        return None
    reflection.body = reflection.body_html = ""
    reflection.deleted_at = timezone.now()
    reflection.save()
    reflection.revisions.all().delete()
    notifications_forget(f"reflection:{reflection.pk}:shared")
    return reflection


# --- Threads ----------------------------------------------------------------------------


def thread_for_case(case) -> Thread:
    thread, _created = Thread.objects.get_or_create(case=case, defaults={"cohort": case.cohort})
    return thread


def subject_open_reason(thread: Thread):
    """Why nobody may post (or react, or edit) now, or None."""
    if thread.is_locked:
        return _("This thread is locked by the facilitators: you can read it, not add to it.")
    if thread.case_id and thread.case.status == "closed":
        return _("This case is closed: its thread takes no new comments.")
    if thread.reflection_id and thread.reflection.is_deleted:
        return _("The author removed this reflection: its thread takes no new comments.")
    return None


def listens(user, thread: Thread) -> bool:
    """The case's author listens during the hypotheses and the advice (intervision)."""
    return bool(thread.case_id and thread.case.author_id == user.pk
                and thread.phase in Thread.AUTHOR_LISTENS)


def speaks_alone(user, thread: Thread) -> bool:
    """In the case owner's response only they (and the facilitators) speak."""
    return thread.phase == Thread.Phase.RESPONSE and not (
        thread.case.author_id == user.pk or permissions.can_moderate_thread(user, thread))


def why_not_post(user, thread: Thread) -> str | None:
    """The message a member sees instead of the form, or None when they may post."""
    if not permissions.can_post_in_thread(user, thread):
        return _("Observers read along; they do not post.")
    reason = subject_open_reason(thread)
    if reason:
        return reason
    if listens(user, thread):
        return _("During the %(phase)s you listen: the others talk about your case. You "
                 "respond in the phase “response of the case owner”.") % {
            "phase": thread.get_phase_display()}
    if speaks_alone(user, thread):
        return _("The case owner responds now; you can react once the intervision is "
                 "concluded.")
    return None


@transaction.atomic
def comment_post(*, user, thread: Thread, body: str, parent: Comment | None = None) -> Comment:
    """Add a comment (or a reply) to a thread the user may open."""
    if not permissions.visible_threads(user).filter(pk=thread.pk).exists():
        raise PermissionDenied
    thread = Thread.objects.select_related("case", "reflection", "cohort").get(pk=thread.pk)
    reason = why_not_post(user, thread)
    if reason:
        raise ValidationError(reason, code="closed")
    source = _checked_source(body, what="comment")
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise PermissionDenied
        if parent.is_hidden and not permissions.can_moderate_thread(user, thread):
            raise ValidationError(_("This comment is hidden: it takes no replies."),
                                  code="hidden")
    now = timezone.now()
    rendered = _render(source, thread.cohort, mentionable(thread))
    _check_mentions(rendered)
    _throttle(user)
    is_root = parent is None
    # The UPDATE holds the thread's row lock until commit: concurrent posts queue here and
    # each reads back its own number (also on SQLite, which writes one at a time).
    Thread.objects.filter(pk=thread.pk).update(
        last_number=F("last_number") + 1, comment_count=F("comment_count") + 1,
        root_count=F("root_count") + (1 if is_root else 0), last_comment_at=now,
    )
    # Under the lock, so the same text sent twice at once is caught too (the refusal
    # rolls the counts back with it).
    if Comment.objects.filter(author=user, body=source,
                              created_at__gte=now - timedelta(minutes=1)).exists():
        raise ValidationError({"body": _("You posted this text a moment ago.")},
                              code="duplicate")
    number, root_count = Thread.objects.filter(pk=thread.pk).values_list(
        "last_number", "root_count").get()
    comment = Comment.objects.create(
        thread=thread, number=number, root_index=root_count if is_root else parent.root_index,
        parent=parent, author=user, body=source, body_html=rendered.html, phase=thread.phase,
    )
    comment.mentions.set(rendered.mentioned)
    _touch_subject(thread, now)
    _follow(user, thread)
    _notify_comment(comment, thread, rendered.mentioned)
    return comment


def _touch_subject(thread, now):
    if thread.case_id:
        from cohort.cases.models import Case

        Case.objects.filter(pk=thread.case_id).update(last_activity_at=now)
    else:
        Reflection.objects.filter(pk=thread.reflection_id).update(last_activity_at=now)


def subject_key(thread) -> str:
    from cohort.cases.notifications import subject_key as case_key
    from cohort.threads.notifications import reflection_key

    return case_key(thread.case) if thread.case_id else reflection_key(thread.reflection)


def subject_title(thread) -> str:
    return thread.case.title if thread.case_id else _reflection_title(thread.reflection)


def _follow(user, thread):
    """Who joins a conversation follows it, unless they chose otherwise for it."""
    from cohort.notifications.models import SubjectWatch

    SubjectWatch.objects.get_or_create(user=user, subject_key=subject_key(thread),
                                       defaults={"level": SubjectWatch.Level.WATCHING})


def _notify_comment(comment: Comment, thread: Thread, mentioned):
    """One event, one notification each (the event key is shared): a mention first, then a
    reply to you, then a comment on your own work, then those who follow the thread."""
    from cohort.notifications.services import notify

    common = {"subject_key": subject_key(thread), "title": subject_title(thread),
              "url": comment.get_absolute_url(), "cohort": thread.cohort, "actor": comment.author,
              "excerpt": comment.body, "event_key": f"comment:{comment.pk}"}
    subject_author = (thread.case.author_id if thread.case_id else thread.reflection.author_id)
    told = {comment.author_id}
    mentioned_ids = [person.pk for person in mentioned if person.pk not in told]
    if mentioned_ids:
        notify(kind="comment_mention", recipients=mentioned_ids, watchers=False, **common)
        told |= set(mentioned_ids)
    parent_author = comment.parent.author_id if comment.parent_id else None
    if parent_author and parent_author not in told:
        notify(kind="comment_reply", recipients=[parent_author], watchers=False, **common)
        told.add(parent_author)
    on_yours = [subject_author] if subject_author not in told else []
    notify(kind="comment_on_yours", recipients=on_yours, watcher_kind="comment_watched",
           **common)


@transaction.atomic
def comment_edit(*, user, comment: Comment, body: str) -> Comment:
    """The author edits; after the grace period the old text is kept as a revision and the
    comment shows "edited". Nobody is told again, except who is newly mentioned."""
    comment = Comment.objects.select_for_update(of=("self",)).select_related(
        "thread__case", "thread__reflection", "thread__cohort").get(pk=comment.pk)
    if comment.author_id != user.pk or comment.is_deleted:
        raise PermissionDenied
    thread = comment.thread
    if (not permissions.visible_comments(user).filter(pk=comment.pk).exists()
            or not permissions.can_post_in_thread(user, thread)):
        raise PermissionDenied
    reason = subject_open_reason(thread)
    if reason:
        raise ValidationError(reason, code="closed")
    if comment.is_hidden:
        raise ValidationError(_("The facilitators hid this comment: it cannot be changed "
                                "while hidden. Ask them, or remove it."), code="hidden")
    source = _checked_source(body, what="comment")
    if source == comment.body:
        return comment
    rendered = _render(source, thread.cohort, mentionable(thread))
    _check_mentions(rendered)
    now = timezone.now()
    if _grace_over(comment.edited_at or comment.created_at, now):
        Revision.objects.create(comment=comment, body_html=comment.body_html,
                                written_at=comment.edited_at or comment.created_at)
        comment.edited_at = now
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.body, comment.body_html = source, rendered.html
    comment.save()
    comment.mentions.set(rendered.mentioned)
    notifications_retell(f"comment:{comment.pk}", comment.body)
    # Who heard of this comment already (mentioned before, its subject's author, whom it
    # answers) is not told again.
    told = before | {user.pk, comment.parent.author_id if comment.parent_id else None,
                     thread.case.author_id if thread.case_id else thread.reflection.author_id}
    new = [person.pk for person in rendered.mentioned if person.pk not in told]
    if new:
        from cohort.notifications.services import notify

        notify(kind="comment_mention", recipients=new, watchers=False,
               subject_key=subject_key(thread), title=subject_title(thread),
               url=comment.get_absolute_url(), cohort=thread.cohort, actor=user,
               excerpt=comment.body, event_key=f"comment:{comment.pk}:edit-{int(now.timestamp())}")
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> Comment:
    """The author removes their comment: "removed by the author" stays in its place."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != user.pk:
        raise PermissionDenied
    if comment.is_deleted:
        return comment
    comment.body = comment.body_html = ""
    comment.deleted_at = timezone.now()
    comment.pinned_at = None
    comment.save()
    comment.revisions.all().delete()
    comment.mentions.clear()
    comment.reactions.all().delete()
    Thread.objects.filter(pk=comment.thread_id).update(comment_count=F("comment_count") - 1)
    # What was told about it (stored or still queued) pointed at a text that is gone.
    notifications_forget(f"comment:{comment.pk}")
    return comment


def _moderated(user, comment) -> Comment:
    comment = Comment.objects.select_for_update(of=("self",)).select_related("thread").get(
        pk=comment.pk)
    if not permissions.can_moderate_thread(user, comment.thread):
        raise PermissionDenied
    return comment


@transaction.atomic
def comment_hide(*, user, comment: Comment, reason: str) -> Comment:
    comment = _moderated(user, comment)
    reason = text.clean_source(reason)[:300]
    if not reason:
        raise ValidationError({"reason": _("Say why you hide the comment: its author will "
                                           "read it.")}, code="required")
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), user, reason
    comment.pinned_at = None
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "pinned_at"])
    # Its text leaves what was told too: no email or digest quotes a hidden comment.
    notifications_forget(f"comment:{comment.pk}", keep=True)
    return comment


@transaction.atomic
def comment_unhide(*, user, comment: Comment) -> Comment:
    comment = _moderated(user, comment)
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


@transaction.atomic
def comment_pin(*, user, comment: Comment, pinned: bool) -> Comment:
    comment = _moderated(user, comment)
    if pinned and (comment.is_deleted or comment.is_hidden):
        raise ValidationError(_("A removed or hidden comment cannot be pinned."))
    if pinned:
        Comment.objects.filter(thread=comment.thread, pinned_at__isnull=False).update(
            pinned_at=None)
    comment.pinned_at = timezone.now() if pinned else None
    comment.save(update_fields=["pinned_at"])
    return comment


@transaction.atomic
def thread_lock(*, user, thread: Thread, locked: bool) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_moderate_thread(user, thread):
        raise PermissionDenied
    thread.locked_at, thread.locked_by = (timezone.now(), user) if locked else (None, None)
    thread.save(update_fields=["locked_at", "locked_by"])
    return thread


@transaction.atomic
def reaction_toggle(*, user, comment: Comment, kind: str) -> bool:
    """Add the reaction, or take it back; True when it is now there."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Choose one of the reactions."), code="kind")
    if not permissions.visible_comments(user).filter(pk=comment.pk).exists():
        raise PermissionDenied
    comment = Comment.objects.select_related("thread").get(pk=comment.pk)
    if not permissions.can_post_in_thread(user, comment.thread):
        raise PermissionDenied
    if comment.is_deleted or comment.is_hidden:
        raise ValidationError(_("You cannot react to a removed or hidden comment."))
    reason = subject_open_reason(Thread.objects.select_related("case", "reflection").get(
        pk=comment.thread_id))
    if reason:
        raise ValidationError(reason, code="closed")
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot react to your own comment."), code="own")
    deleted, _counts = Reaction.objects.filter(comment=comment, user=user, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(comment=comment, user=user, kind=kind)
    return True


# --- Intervision ------------------------------------------------------------------------


@transaction.atomic
def intervision_advance(*, user, case) -> Thread:
    """Start intervision on a case's thread, or move it to the next phase: the case's
    author or a facilitator of its edition. The edition is told of each phase."""
    thread = thread_for_case(case)
    thread = Thread.objects.select_for_update(of=("self",)).select_related(
        "case", "cohort").get(pk=thread.pk)
    if not (thread.case.author_id == user.pk or permissions.can_moderate_thread(user, thread)):
        raise PermissionDenied
    if not permissions.can_post_in_thread(user, thread):
        raise PermissionDenied  # an author who left the edition steers nothing
    if thread.case.status in ("draft", "closed"):
        raise ValidationError(_("Intervision is for a shared case that is not closed."))
    target = thread.next_phase()
    if target is None:
        raise ValidationError(_("The intervision is already concluded."), code="done")
    thread.phase, thread.phase_changed_at = target, timezone.now()
    thread.save(update_fields=["phase", "phase_changed_at"])
    from cohort.cases.services import case_audience_roles
    from cohort.notifications.services import notify

    notify(kind="intervision_phase", subject_key=subject_key(thread),
           title=subject_title(thread), url=thread.case.get_absolute_url() + "#gesprek",
           cohort=thread.cohort, actor=user, recipients=[thread.case.author_id],
           audience_roles=case_audience_roles(thread.case),
           event_key=f"thread:{thread.pk}:phase-{target}", watchers=False,
           excerpt=str(thread.get_phase_display()))
    return thread


# --- Reading ----------------------------------------------------------------------------


def read_mark(*, user, thread: Thread, number: int, known: int) -> None:
    """Read up to ``number``, never back: one row per member per thread. ``known`` is the
    position as the page read it (-1: none yet), so nothing is written when nothing moved,
    and one query when something did."""
    if not user.is_authenticated or number <= known:
        return
    if known < 0:  # one INSERT; a concurrent first visit keeps its own row
        ReadPosition.objects.bulk_create(
            [ReadPosition(thread=thread, user=user, last_read_number=number)],
            ignore_conflicts=True)
    else:
        ReadPosition.objects.filter(thread=thread, user=user,
                                    last_read_number__lt=number).update(
            last_read_number=number, updated_at=timezone.now())
