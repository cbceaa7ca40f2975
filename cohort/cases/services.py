"""Writes for cases (HackSoft style: <entity>_<action>).

Each service checks its permission through ``cohort.permissions`` and raises
PermissionDenied, so a view that forgets a check still cannot write.
Notifications are stored (``cohort.notifications``) inside the same transaction: a write
that rolls back tells nobody, one that commits is delivered (rule 5).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cohort import permissions
from cohort.cases.attachments import CheckedFile, check_upload
from cohort.cases.models import TEXT_FIELDS, Case, CaseAttachment, CaseEvent, CaseFeedback
from cohort.notifications.services import notifications_forget, notifications_retell

# The only ways a case moves on (no way back: a discussed case stays discussed).
TRANSITIONS = {
    Case.Status.DRAFT: {Case.Status.SUBMITTED},
    Case.Status.SUBMITTED: {Case.Status.DISCUSSED, Case.Status.CLOSED},
    Case.Status.DISCUSSED: {Case.Status.CLOSED},
    Case.Status.CLOSED: set(),
}


class CaseConflict(Exception):
    """Somebody else saved the case after the editor opened it."""

    def __init__(self, current: Case):
        super().__init__("The case was changed by someone else.")
        self.current = current
        latest = current.events.filter(version=current.version).select_related("actor").last()
        self.saved_by = latest.actor if latest else None


class IllegalTransition(ValidationError):
    pass


def _clean_text(value: str) -> str:
    # Plain text, always escaped when shown; drop control characters a paste can bring.
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def _check_transition(case: Case, target: str):
    if target not in TRANSITIONS[case.status]:
        raise IllegalTransition(
            _("A case that is %(current)s cannot become %(target)s.")
            % {"current": case.get_status_display(), "target": Case.Status(target).label},
            code="transition",
        )


def _attachments_add(case: Case, user, files: list):
    # The service checks raw uploads itself: a caller that skipped the form still can't
    # store an unchecked file.
    files = [f if isinstance(f, CheckedFile) else check_upload(f) for f in files]
    if case.attachments.count() + len(files) > settings.CASE_ATTACHMENT_MAX_COUNT:
        raise ValidationError(
            _("A case can have at most %(count)d attachments.")
            % {"count": settings.CASE_ATTACHMENT_MAX_COUNT},
            code="too_many",
        )
    for checked in files:
        attachment = CaseAttachment(
            case=case, original_name=checked.name, content_type=checked.content_type,
            size=checked.size, uploaded_by=user,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
        if not case.is_draft:
            CaseEvent.objects.create(
                case=case, actor=user, kind=CaseEvent.Kind.ATTACHMENT_ADDED,
                changes={"name": checked.name}, version=case.version,
            )


@transaction.atomic
def case_create(*, author, cohort, data: dict, files=(), block=None, form_token="") -> Case:
    """Start a draft; only a participant of the edition may, and only for a block of its
    programme that has opened for the edition.

    ``form_token`` names the form page it was written on: the same form sent again with
    the same text (a double click on "Save draft") gets the draft the first one made.
    """
    from cohort.models import Membership
    from cohort.programme.selectors import block_open_for

    if not permissions.can_write_case(author, cohort):
        raise PermissionDenied
    if form_token:
        # Sends of one form queue here (the membership's row lock; on SQLite the write
        # lock the transaction began with), so the second sees the first one's draft.
        list(Membership.objects.select_for_update().filter(user=author, cohort=cohort)
             .values_list("pk", flat=True))
        earlier = (CaseEvent.objects.filter(kind=CaseEvent.Kind.CREATED, actor=author,
                                            case__cohort=cohort,
                                            changes__form_token=form_token)
                   .select_related("case").first())
        if earlier is not None and all(getattr(earlier.case, name) ==
                                       _clean_text(data.get(name, "")) for name in TEXT_FIELDS):
            return earlier.case
    if block is not None and not block_open_for(block, cohort, author):
        raise ValidationError(
            _("Block %(number)s is not open for your edition yet, so a case cannot be written "
              "for it.") % {"number": block.number},
            code="block_closed",
        )
    now = timezone.now()
    case = Case(cohort=cohort, author=author, block=block, last_activity_at=now)
    for name in TEXT_FIELDS:
        setattr(case, name, _clean_text(data.get(name, "")))
    if data.get("audience") in Case.Audience.values:
        case.audience = data["audience"]
    case.full_clean(exclude=["last_activity_at"])
    case.save()
    CaseEvent.objects.create(case=case, actor=author, kind=CaseEvent.Kind.CREATED,
                             changes={"form_token": form_token} if form_token else {})
    _attachments_add(case, author, list(files))
    return case


@transaction.atomic
def case_update(*, user, case: Case, data: dict, expected_version: int, files=()) -> Case:
    """Save an edit made on top of ``expected_version``.

    The version check and the bump happen in one UPDATE, so two concurrent saves
    cannot both pass it (also on SQLite, where select_for_update does nothing).
    """
    if not permissions.can_edit_case(user, case):
        raise PermissionDenied
    # Compare with the stored row: a ModelForm has already copied its data onto ``case``.
    case = Case.objects.get(pk=case.pk)
    new = {name: _clean_text(data.get(name, getattr(case, name))) for name in TEXT_FIELDS}
    if not new["title"]:
        raise ValidationError({"title": _("A case needs a title.")}, code="required")
    fields = dict(new)
    if case.is_draft and data.get("audience") in Case.Audience.values:
        fields["audience"] = data["audience"]
    changes = {
        name: {"old": getattr(case, name), "new": value}
        for name, value in new.items()
        if value != getattr(case, name)
    }
    now = timezone.now()
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=now,
        last_activity_at=now if not case.is_draft else case.last_activity_at,
    )
    if not updated:
        raise CaseConflict(Case.objects.select_related("author").get(pk=case.pk))
    case.refresh_from_db()
    if changes and not case.is_draft:
        CaseEvent.objects.create(
            case=case, actor=user, kind=CaseEvent.Kind.EDITED, changes=changes,
            version=case.version,
        )
    if "title" in changes:
        from cohort.cases.notifications import subject_key
        from cohort.notifications.services import subject_retitle

        # A title edited (a name taken out, say) is edited in what was told too.
        subject_retitle(subject_key=subject_key(case), title=case.title)
    _attachments_add(case, user, list(files))
    return case


@transaction.atomic
def case_attachment_remove(*, user, attachment: CaseAttachment):
    case = attachment.case
    if not permissions.can_edit_case(user, case):
        raise PermissionDenied
    name = attachment.original_name
    file_name = attachment.file.name
    attachment.delete()
    # The file goes once the removal is committed; a rollback keeps both.
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(file_name))
    if not case.is_draft:
        CaseEvent.objects.create(
            case=case, actor=user, kind=CaseEvent.Kind.ATTACHMENT_REMOVED,
            changes={"name": name}, version=case.version,
        )


def _texts(event, name) -> set[str]:
    value = event.changes.get(name)
    texts = set(value.values()) if isinstance(value, dict) else {value}
    return {text for text in texts if isinstance(text, str) and text}


def _wipe(event, name, user, now):
    event.changes[name] = {"old": "", "new": ""} if event.kind == CaseEvent.Kind.EDITED else ""
    event.changes["redacted"] = sorted({*(event.changes.get("redacted") or []), name})
    event.redacted_at, event.redacted_by = now, user


@transaction.atomic
def case_event_redact(*, user, event: CaseEvent, fields=None) -> CaseEvent:
    """Remove texts from a case's history for good: a name written by mistake, say.

    For each chosen field of the entry (all by default) its before and after texts go,
    and so do the same texts wherever else that field's history holds them (the next
    edit's "before" is this one's "after"). The author or a facilitator of the case may;
    that it happened, by whom and when, is kept on each entry and as an entry of its own.
    """
    event = CaseEvent.objects.select_for_update().select_related("case").get(pk=event.pk)
    case = event.case
    if not (case.author_id == user.pk or permissions.can_facilitate_case(user, case)):
        raise PermissionDenied
    available = [name for name, _label in event.redactable_fields()]
    chosen = [name for name in (fields or available) if name in available]
    if not chosen:
        raise ValidationError(_("Choose the text to remove from the history."),
                              code="not_redactable")
    now = timezone.now()
    changed = {}
    entries = CaseEvent.objects.select_for_update().filter(
        case=case, kind__in=CaseEvent.TEXT_KINDS
    )
    for name in chosen:
        texts = _texts(event, name)
        for entry in [event, *entries.exclude(pk=event.pk)]:
            entry = changed.get(entry.pk, entry)
            if name in entry.text_fields() and not entry.is_redacted(name) and (
                entry.pk == event.pk or _texts(entry, name) & texts
            ):
                _wipe(entry, name, user, now)
                changed[entry.pk] = entry
    for entry in changed.values():
        entry.save(update_fields=["changes", "redacted_at", "redacted_by"])
    CaseEvent.objects.create(
        case=case, actor=user, kind=CaseEvent.Kind.REDACTED, version=case.version,
        changes={"event": event.pk, "fields": chosen, "entries": sorted(changed)},
    )
    return changed[event.pk]


def case_missing_for_submit(case: Case) -> list[str]:
    """Labels of the fields a case needs before it can be shared."""
    required = ("title", "situation", "question")
    return [
        str(Case._meta.get_field(name).verbose_name)
        for name in required
        if not getattr(case, name).strip()
    ]


@transaction.atomic
def case_submit(*, user, case: Case, audience: str, confidentiality_confirmed: bool) -> Case:
    """Share a draft with its audience and notify them (after commit)."""
    case = Case.objects.select_for_update().select_related("cohort").get(pk=case.pk)
    if case.author_id != user.pk:
        raise PermissionDenied
    _check_transition(case, Case.Status.SUBMITTED)
    errors = {}
    missing = case_missing_for_submit(case)
    if missing:
        errors["__all__"] = _("Fill in these fields before you submit: %(fields)s.") % {
            "fields": ", ".join(missing)
        }
    if not confidentiality_confirmed:
        errors["confidential"] = _("Confirm the confidentiality statement to submit the case.")
    if audience not in Case.Audience.values:
        errors["audience"] = _("Choose who may see the case.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    case.status = Case.Status.SUBMITTED
    case.audience = audience
    case.confidentiality_confirmed_at = now
    case.submitted_at = case.last_activity_at = now
    case.version += 1
    case.save()
    CaseEvent.objects.create(
        case=case, actor=user, kind=CaseEvent.Kind.SUBMITTED, version=case.version
    )
    _notify(case, [], "case_submitted", actor=user, event="submitted",
            audience_roles=case_audience_roles(case))
    return case


@transaction.atomic
def case_mark_discussed(*, user, case: Case, session=None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_facilitate_case(user, case):
        raise PermissionDenied
    _check_transition(case, Case.Status.DISCUSSED)
    if session is not None and session.cohort_id != case.cohort_id:
        raise ValidationError({"session": _("Choose a session of this case's edition.")})
    if session is not None and session.start > timezone.now():
        raise ValidationError({"session": _("That session has not started yet: a case is "
                                            "discussed in a session that has begun.")})
    now = timezone.now()
    case.status = Case.Status.DISCUSSED
    case.discussed_at = case.last_activity_at = now
    case.discussed_session = session
    case.planned_session = None  # discussed now: no longer waiting for a session
    case.version += 1
    case.save()
    CaseEvent.objects.create(
        case=case, actor=user, kind=CaseEvent.Kind.DISCUSSED, session=session,
        version=case.version,
    )
    _notify(case, [case.author], "case_discussed", actor=user, event="discussed",
            watcher_kind="case_discussed_watched")
    return case


@transaction.atomic
def session_plan_cases(*, user, session, case_ids) -> list[Case]:
    """A facilitator of the session's edition chooses the cases to discuss there: those
    chosen are planned for it, the others planned for it are taken off. Only submitted
    cases of the edition, not yet discussed; the author is told."""
    from django.utils import timezone

    if session.cohort_id not in permissions.facilitated_cohort_ids(user):
        raise PermissionDenied
    if session.end < timezone.now():
        raise ValidationError(_("This session is over: choose cases for a coming one."),
                              code="past")
    wanted = set(case_ids)
    candidates = {case.pk: case for case in Case.objects.select_for_update().filter(
        cohort_id=session.cohort_id, status=Case.Status.SUBMITTED)}
    if wanted - set(candidates):
        raise ValidationError(_("Choose submitted cases of this edition that have not been "
                                "discussed yet."), code="not_plannable")
    changed = []
    for case in candidates.values():
        planned = case.pk in wanted
        if planned == (case.planned_session_id == session.pk):
            continue  # as it was (a case planned for another session is left alone)
        case.planned_session = session if planned else None
        case.save(update_fields=["planned_session"])
        CaseEvent.objects.create(
            case=case, actor=user, session=session, version=case.version,
            kind=CaseEvent.Kind.PLANNED if planned else CaseEvent.Kind.UNPLANNED)
        if planned:
            _notify(case, [case.author], "case_planned", actor=user,
                    event=f"planned-{session.pk}", watchers=False)
        changed.append(case)
    return changed


@transaction.atomic
def case_undo_discussed(*, user, case: Case) -> Case:
    """A facilitator takes "discussed" back (a wrong click), until the follow-up question
    has gone out to the author."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_facilitate_case(user, case):
        raise PermissionDenied
    if case.status != Case.Status.DISCUSSED:
        raise IllegalTransition(_("Only a case marked as discussed can be set back."),
                                code="transition")
    if case.follow_up_prompted_at is not None:
        raise IllegalTransition(_("The follow-up question has gone out to the author: "
                                  "“discussed” can no longer be undone."), code="prompted")
    case.status = Case.Status.SUBMITTED
    case.discussed_at = case.discussed_session = None
    case.version += 1
    case.save()
    CaseEvent.objects.create(case=case, actor=user, kind=CaseEvent.Kind.UNDISCUSSED,
                             version=case.version)
    return case


@transaction.atomic
def case_reopen(*, user, case: Case) -> Case:
    """A facilitator opens a closed case again: back to discussed, or to submitted."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_facilitate_case(user, case):
        raise PermissionDenied
    if case.status != Case.Status.CLOSED:
        raise IllegalTransition(_("Only a closed case can be opened again."),
                                code="transition")
    case.status = Case.Status.DISCUSSED if case.discussed_at else Case.Status.SUBMITTED
    case.closed_at = None
    case.last_activity_at = timezone.now()
    case.version += 1
    case.save()
    CaseEvent.objects.create(case=case, actor=user, kind=CaseEvent.Kind.REOPENED,
                             version=case.version)
    return case


@transaction.atomic
def case_close(*, user, case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not (case.author_id == user.pk or permissions.can_facilitate_case(user, case)):
        raise PermissionDenied
    _check_transition(case, Case.Status.CLOSED)
    case.status = Case.Status.CLOSED
    case.closed_at = case.last_activity_at = timezone.now()
    case.version += 1
    case.save()
    CaseEvent.objects.create(case=case, actor=user, kind=CaseEvent.Kind.CLOSED,
                             version=case.version)
    return case


def _own_feedback(user, feedback):
    from cohort.cases.models import CaseFeedback

    feedback = CaseFeedback.objects.select_for_update().select_related("case").get(
        pk=feedback.pk)
    if feedback.author_id != user.pk or not permissions.can_facilitate_case(user, feedback.case):
        raise PermissionDenied
    if feedback.removed_at:
        raise ValidationError(_("This feedback was removed."), code="removed")
    return feedback


def _keep_revision(feedback):
    from cohort.cases.models import FeedbackRevision

    FeedbackRevision.objects.create(feedback=feedback, body=feedback.body,
                                    visibility=feedback.visibility,
                                    written_at=feedback.edited_at or feedback.created_at)


@transaction.atomic
def case_feedback_edit(*, user, feedback, body: str, visibility: str):
    """Its author changes a feedback; the earlier version is kept. Nobody is told again."""
    feedback = _own_feedback(user, feedback)
    body = _clean_text(body)
    if not body:
        raise ValidationError({"body": _("Write your feedback before you send it.")})
    if visibility not in CaseFeedback.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read the feedback.")})
    if body == feedback.body and visibility == feedback.visibility:
        return feedback
    _keep_revision(feedback)
    narrowed = (feedback.visibility == CaseFeedback.Visibility.AUDIENCE
                and visibility == CaseFeedback.Visibility.AUTHOR)
    feedback.body, feedback.visibility = body, visibility
    feedback.edited_at = timezone.now()
    feedback.save(update_fields=["body", "visibility", "edited_at"])
    key = f"case:{feedback.case_id}:feedback-{feedback.pk}"
    if narrowed:  # no longer for the case's audience: what they were told goes
        from cohort.notifications.models import Notification, NotificationBatch

        Notification.objects.filter(event_key=key).exclude(
            recipient_id=feedback.case.author_id).delete()
        NotificationBatch.objects.filter(event_key=key, expanded_at__isnull=True).update(
            watchers=False)
    notifications_retell(key, body)
    return feedback


@transaction.atomic
def case_feedback_remove(*, user, feedback):
    """Its author removes a feedback: its place says so, its versions are kept."""
    feedback = _own_feedback(user, feedback)
    _keep_revision(feedback)
    feedback.removed_at = timezone.now()
    feedback.save(update_fields=["removed_at"])
    notifications_forget(f"case:{feedback.case_id}:feedback-{feedback.pk}", keep=True)
    return feedback


@transaction.atomic
def case_feedback_add(*, user, case: Case, body: str, visibility: str) -> CaseFeedback:
    if not permissions.can_facilitate_case(user, case):
        raise PermissionDenied
    body = _clean_text(body)
    if not body:
        raise ValidationError({"body": _("Write your feedback before you send it.")})
    if visibility not in CaseFeedback.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read the feedback.")})
    feedback = CaseFeedback.objects.create(case=case, author=user, body=body,
                                           visibility=visibility)
    # ``last_activity_at`` is what everyone who sees the case sees: feedback for the author
    # alone does not move it (the readers of it see it through selectors.cohort_cases).
    if visibility == CaseFeedback.Visibility.AUDIENCE:
        Case.objects.filter(pk=case.pk).update(last_activity_at=feedback.created_at)
    # Feedback for the author alone is nobody else's news (watchers are not told of it).
    _notify(case, [case.author], "case_feedback", actor=user, event=f"feedback-{feedback.pk}",
            excerpt=body, watcher_kind="case_feedback_watched",
            watchers=visibility == CaseFeedback.Visibility.AUDIENCE)
    return feedback


@transaction.atomic
def case_follow_up_answer(*, user, case: Case, text: str) -> Case:
    """The author tells what happened since the case was discussed."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.author_id != user.pk:
        raise PermissionDenied
    if case.status not in (Case.Status.DISCUSSED, Case.Status.CLOSED):
        raise ValidationError(_("A follow-up can be written once the case has been discussed."))
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write what happened before you save.")})
    now = timezone.now()
    case.follow_up = text
    case.follow_up_at = case.last_activity_at = now
    case.version += 1
    case.save()
    CaseEvent.objects.create(
        case=case, actor=user, kind=CaseEvent.Kind.FOLLOW_UP, changes={"text": text},
        version=case.version,
    )
    return case


def case_audience_roles(case: Case) -> list[str]:
    """Who a shared case is for, as roles in its edition (``[]``: every member)."""
    from cohort.models import Membership

    if case.audience == Case.Audience.FACILITATORS:
        return [Membership.Role.FACILITATOR]
    return []


def case_follow_ups_queue(now=None) -> int:
    """Beat task body: ask authors what happened, some weeks after discussion (once each)."""
    now = now or timezone.now()
    due = now - timedelta(weeks=settings.CASE_FOLLOW_UP_WEEKS)
    queued = 0
    candidates = Case.objects.filter(
        status__in=[Case.Status.DISCUSSED, Case.Status.CLOSED],
        discussed_at__lte=due,
        follow_up_prompted_at__isnull=True,
        follow_up="",
    ).select_related("author", "cohort")
    for case in candidates:
        with transaction.atomic():
            # Claim the case first, so a second beat or worker skips it.
            claimed = Case.objects.filter(pk=case.pk, follow_up_prompted_at__isnull=True).update(
                follow_up_prompted_at=now
            )
            if claimed:
                _notify(case, [case.author], "case_follow_up", event="follow-up",
                        watchers=False)  # a question for the author alone
                queued += 1
    return queued


def _notify(case: Case, recipients, kind: str, *, event: str, actor=None, excerpt="",
            watchers=True, watcher_kind=None, audience_roles=None):
    """Through the notifications app: stored with this write, emailed or put in the digest
    later, checked again then (rule 5, rule 10)."""
    from cohort.cases.notifications import subject_key
    from cohort.notifications.services import notify

    notify(
        recipients=recipients, kind=kind, subject_key=subject_key(case), title=case.title,
        url=case.get_absolute_url(), cohort=case.cohort, actor=actor, excerpt=excerpt,
        event_key=f"case:{case.pk}:{event}", watchers=watchers, watcher_kind=watcher_kind,
        audience_roles=audience_roles,
    )
