"""Case pages. Views stay thin: they read through selectors (already scoped to the
user) and write through services, and translate a refusal into a message."""

import re
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohort import permissions
from cohort.cases import selectors, services
from cohort.cases.forms import (
    CaseFilterForm,
    CaseForm,
    DiscussedForm,
    FeedbackForm,
    FollowUpForm,
    SubmitForm,
)
from cohort.cases.models import Case, CaseAttachment, CaseEvent
from cohort.converters import parse_id


def _case_or_404(user, pk) -> Case:
    try:
        return selectors.case_for(user, pk)
    except Case.DoesNotExist:
        raise Http404 from None


def _assignment(block):
    """The case assignment in a block's body, shown above the form, or None."""
    if block is None:
        return None
    for child in block.body:
        if child.block_type == "case_assignment":
            return child.value
    return None


@login_required
def case_list(request, cohort_pk):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=cohort_pk)
    from cohort.programme.selectors import programme_blocks

    blocks = list(programme_blocks(cohort.get_parent()))
    form = CaseFilterForm(
        request.GET or None, blocks=blocks,
        authors=selectors.case_authors(request.user, cohort),
    )
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CaseFilters(**form.cleaned_data)
    page = Paginator(selectors.cohort_cases(request.user, cohort, filters), 25).get_page(
        request.GET.get("pagina")
    )
    from cohort.cases import panels

    counts = panels.counts_for(request.user, [case.pk for case in page])
    for case in page:
        case.counts = counts.get(case.pk, {})
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "cases/case_list.html", {
        "cohort": cohort,
        "form": form,
        "page_obj": page,
        "query": query.urlencode(),
        # Shown on the folded filters' button on a phone.
        "active_filters": sum(1 for value in (form.cleaned_data.values() if form.is_bound and form.is_valid() else ()) if value),
        "can_write": permissions.can_write_case(request.user, cohort),
        "can_export": cohort.pk in permissions.facilitated_cohort_ids(request.user),
    })


def _block_from(request):
    """The block named by ``?blok=`` (or the form), if the writer may see it at all."""
    from cohort.programme.models import BlockPage

    block_id = parse_id(request.POST.get("blok") or request.GET.get("blok"))
    if block_id is None:
        return None
    block = BlockPage.objects.live().filter(pk=block_id).first()
    if block is None or not permissions.can_view_block(request.user, block):
        return None
    return block


@login_required
def case_create(request):
    from cohort.programme.selectors import block_open_for

    cohorts = list(permissions.writable_cohorts(request.user).live())
    if not cohorts:
        raise Http404
    block = _block_from(request)
    if block is not None:
        programme_id = block.get_parent().pk
        cohorts = [c for c in cohorts if c.get_parent().pk == programme_id] or cohorts
    cohort = cohorts[0]
    chosen = parse_id(request.POST.get("editie") or request.GET.get("editie"))
    if len(cohorts) > 1 and chosen is not None:
        cohort = next((c for c in cohorts if c.pk == chosen), cohort)
    closed_block = None
    if block is not None and not block_open_for(block, cohort, request.user):
        # Its assignment is not shown, nor can the case be linked to it, before it opens.
        closed_block, block = block, None
    form = CaseForm(request.POST or None, request.FILES or None)
    # Names this form page, so that sending it twice (a double click) saves one draft.
    form_token = request.POST.get("form_token", "") if request.method == "POST" else (
        secrets.token_urlsafe(16))
    if not re.fullmatch(r"[\w-]{16,64}", form_token):
        form_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                author=request.user, cohort=cohort, block=block, data=form.cleaned_data,
                files=form.cleaned_data["new_attachments"], form_token=form_token,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your draft is saved. Only you can see it until you "
                                        "submit it."))
            return redirect(case.get_absolute_url())
    return render(request, "cases/case_form.html", {
        "form": form, "cohort": cohort, "cohorts": cohorts, "block": block,
        "closed_block": closed_block, "assignment": _assignment(block), "case": None,
        "form_token": form_token,
    })


@login_required
def case_detail(request, pk):
    from cohort.cases.notifications import subject_key
    from cohort.notifications import selectors as notification_selectors
    from cohort.notifications import services as notification_services

    case = _case_or_404(request.user, pk)
    # Seen here: what was waiting about this case is read (and its email, if any, skipped).
    notification_services.subject_read(user=request.user, subject_key=subject_key(case))
    facilitates = permissions.can_facilitate_case(request.user, case)
    is_author = case.author_id == request.user.pk
    from cohort.cases import panels

    context = {
        "case": case,
        "panels": panels.panels_for(request, case),
        "audience_line": selectors.audience_line(case),
        "attachments": case.attachments.all(),
        "history": selectors.case_history(case),
        "feedback": selectors.case_feedback(request.user, case),
        "can_edit": permissions.can_edit_case(request.user, case),
        "is_author": is_author,
        "facilitates": facilitates,
        "can_redact": is_author or facilitates,
        "subject_key": subject_key(case),
        "watch_level": notification_selectors.watch_level(request.user, subject_key(case)),
        "can_close": (is_author or facilitates) and Case.Status.CLOSED in
        services.TRANSITIONS[case.status],
        "can_mark_discussed": facilitates and case.status == Case.Status.SUBMITTED,
        "can_reopen": facilitates and case.status == Case.Status.CLOSED,
        "can_undo_discussed": facilitates and case.status == Case.Status.DISCUSSED
        and case.follow_up_prompted_at is None,
        "discussed_form": DiscussedForm(case=case) if facilitates else None,
        "feedback_form": FeedbackForm() if facilitates else None,
        "follow_up_form": FollowUpForm(initial={"text": case.follow_up})
        if is_author and case.status in (Case.Status.DISCUSSED, Case.Status.CLOSED) else None,
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def case_edit(request, pk):
    from cohort.programme.selectors import block_open_for

    case = _case_or_404(request.user, pk)
    if not permissions.can_edit_case(request.user, case):
        raise Http404
    attachments = list(case.attachments.all())
    form = CaseForm(request.POST or None, request.FILES or None, instance=case,
                    existing_attachments=len(attachments))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                user=request.user, case=case, data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
                files=form.cleaned_data["new_attachments"],
            )
        except services.CaseConflict as error:
            # Nothing is saved; the editor keeps their text and sees the newer version.
            conflict = error.current
            if error.saved_by is not None and error.saved_by.pk != request.user.pk:
                text = _("%(person)s saved this case while you were editing it.") % {
                    "person": error.saved_by}
            else:
                text = _("This case was saved in another window while you were editing it.")
            form.add_error(None, text + " " + _(
                "Your changes have not been saved: compare them with the current text below, "
                "then save again."))
            data = form.data.copy()
            data["version"] = conflict.version
            form.data = data
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(case.get_absolute_url())
    return render(request, "cases/case_form.html", {
        "form": form, "case": case, "cohort": case.cohort, "block": case.block,
        # Only while the block is open for the edition (an early opening can be withdrawn).
        "assignment": _assignment(case.block)
        if block_open_for(case.block, case.cohort, request.user) else None,
        "attachments": attachments,
        "conflict": conflict,
    })


@login_required
def case_submit(request, pk):
    case = _case_or_404(request.user, pk)
    submitted = _("Your case is submitted. Its audience has been told.")
    if case.author_id != request.user.pk:
        raise Http404
    if not case.is_draft:
        if request.method == "POST" and case.status == Case.Status.SUBMITTED:
            # The form sent twice (a double click): the browser shows this answer.
            messages.success(request, submitted)
            return redirect(case.get_absolute_url())
        raise Http404
    form = SubmitForm(request.POST or None, initial={"audience": case.audience})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_submit(
                user=request.user, case=case, audience=form.cleaned_data["audience"],
                confidentiality_confirmed=form.cleaned_data["confidential"],
            )
        except services.IllegalTransition:
            # Submitted by the other send of this form while this one waited for it.
            case.refresh_from_db()
            if case.status != Case.Status.SUBMITTED:
                raise Http404 from None
            messages.success(request, submitted)
            return redirect(case.get_absolute_url())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, submitted)
            return redirect(case.get_absolute_url())
    return render(request, "cases/case_submit.html", {
        "form": form, "case": case, "missing": services.case_missing_for_submit(case),
        "edition_size": case.cohort.memberships.count(),
    })


def _valid_or_raise(form):
    """The form, validated; its errors become messages through _post_action."""
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    return form


def _post_action(request, pk, action):
    case = _case_or_404(request.user, pk)
    try:
        message = action(case)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def case_mark_discussed(request, pk):
    def action(case):
        form = DiscussedForm(request.POST, case=case)
        if not form.is_valid():
            raise ValidationError(_("Choose a session of this case's edition that has "
                                    "begun."))
        services.case_mark_discussed(user=request.user, case=case,
                                     session=form.cleaned_data["session"])
        return _("The case is marked as discussed.")

    return _post_action(request, pk, action)


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    """Closing asks first (a page of its own, so it works without JavaScript)."""
    if request.method == "GET" or request.POST.get("confirm") != "1":
        case = _case_or_404(request.user, pk)
        if not (case.author_id == request.user.pk
                or permissions.can_facilitate_case(request.user, case)):
            raise Http404
        return render(request, "cases/case_close.html", {"case": case})

    def action(case):
        services.case_close(user=request.user, case=case)
        return _("The case is closed. A facilitator can open it again.")

    return _post_action(request, pk, action)


@login_required
@require_POST
def case_reopen(request, pk):
    def action(case):
        services.case_reopen(user=request.user, case=case)
        return _("The case is open again.")

    return _post_action(request, pk, action)


@login_required
@require_POST
def case_undo_discussed(request, pk):
    def action(case):
        services.case_undo_discussed(user=request.user, case=case)
        return _("The case is no longer marked as discussed.")

    return _post_action(request, pk, action)


@login_required
@require_POST
def case_feedback(request, pk):
    def action(case):
        form = _valid_or_raise(FeedbackForm(request.POST))
        services.case_feedback_add(user=request.user, case=case, **form.cleaned_data)
        return _("Your feedback is posted.")

    return _post_action(request, pk, action)


@login_required
@require_POST
def case_follow_up(request, pk):
    def action(case):
        if case.author_id != request.user.pk:
            raise PermissionDenied  # before the form: only the author answers it
        form = _valid_or_raise(FollowUpForm(request.POST))
        services.case_follow_up_answer(user=request.user, case=case,
                                       text=form.cleaned_data["text"])
        return _("Thank you: your follow-up is added to the case.")

    return _post_action(request, pk, action)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    case = _case_or_404(request.user, pk)
    attachment = get_object_or_404(CaseAttachment, case=case, pk=attachment_pk)
    try:
        with transaction.atomic():
            services.case_attachment_remove(user=request.user, attachment=attachment)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("“%(name)s” is removed.") % {"name": attachment.original_name})
    return redirect("cases:edit", pk=case.pk)


@login_required
def case_event_redact(request, pk, event_pk):
    """Confirm, then remove an earlier version's text from the case's history."""
    case = _case_or_404(request.user, pk)
    event = get_object_or_404(CaseEvent, case=case, pk=event_pk)
    allowed = case.author_id == request.user.pk or permissions.can_facilitate_case(
        request.user, case)
    if not allowed or not event.can_be_redacted:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.case_event_redact(user=request.user, event=event,
                                       fields=request.POST.getlist("veld"))
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The text is removed from the history. That it was "
                                        "removed, by you, stays visible."))
            return redirect(f"{case.get_absolute_url()}#geschiedenis-{event.pk}")
    return render(request, "cases/case_event_redact.html",
                  {"case": case, "event": event, "error": error},
                  status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_cases(request, pk):
    """A facilitator chooses the cases to discuss in a session of her edition."""
    from cohort.programme.models import Session

    session = get_object_or_404(
        Session.objects.select_related("cohort", "block")
        .filter(cohort_id__in=permissions.facilitated_cohort_ids(request.user)), pk=pk)
    if request.method == "POST":
        from cohort.converters import parse_id

        ids = [pk for pk in map(parse_id, request.POST.getlist("case")) if pk is not None]
        try:
            services.session_plan_cases(user=request.user, session=session, case_ids=ids)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The cases for this session are saved; their "
                                        "authors are told."))
            return redirect("desk:edition", session.cohort_id)
    candidates = (permissions.visible_cases(request.user)
                  .filter(cohort_id=session.cohort_id, status=Case.Status.SUBMITTED)
                  .select_related("author", "planned_session").order_by("submitted_at"))
    return render(request, "cases/session_cases.html", {
        "session": session, "candidates": candidates})


def _own_feedback_or_404(request, pk, feedback_pk):
    from cohort.cases.models import CaseFeedback

    case = _case_or_404(request.user, pk)
    feedback = CaseFeedback.objects.filter(case=case, pk=feedback_pk, author=request.user,
                                           removed_at=None).first()
    if feedback is None or not permissions.can_facilitate_case(request.user, case):
        raise Http404
    return case, feedback


@login_required
@require_http_methods(["GET", "POST"])
def case_feedback_edit(request, pk, feedback_pk):
    case, feedback = _own_feedback_or_404(request, pk, feedback_pk)
    form = FeedbackForm(request.POST or None, instance=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_feedback_edit(user=request.user, feedback=feedback,
                                        body=form.cleaned_data["body"],
                                        visibility=form.cleaned_data["visibility"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your feedback is changed; the earlier version is "
                                        "kept."))
            return redirect(feedback.get_absolute_url())
    return render(request, "cases/feedback_edit.html", {"case": case, "feedback": feedback,
                                                        "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_feedback_remove(request, pk, feedback_pk):
    case, feedback = _own_feedback_or_404(request, pk, feedback_pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        services.case_feedback_remove(user=request.user, feedback=feedback)
        messages.success(request, _("Your feedback is removed."))
        return redirect(case.get_absolute_url())
    return render(request, "cases/feedback_remove.html", {"case": case, "feedback": feedback})
