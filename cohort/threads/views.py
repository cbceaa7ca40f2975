"""Reflection and thread pages. Thin: reads through selectors (scoped to the user), writes
through services. Every form works without JavaScript (a POST, then a redirect); with
htmx the thread is swapped in place (``data-hx-select="#gesprek"``)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohort import permissions
from cohort.converters import parse_id
from cohort.threads import actions, selectors, services
from cohort.threads.forms import CommentForm, HideForm, ReactionForm, ReflectionForm
from cohort.threads.models import Comment, Reflection, Thread


def _reflection_or_404(user, pk) -> Reflection:
    try:
        return selectors.reflection_for(user, pk)
    except Reflection.DoesNotExist:
        raise Http404 from None


def _comment_or_404(user, pk) -> Comment:
    comment = (permissions.visible_comments(user)
               .select_related("thread__case__author", "thread__reflection__author",
                               "thread__reflection__block", "thread__cohort", "author")
               .filter(pk=pk).first())
    if comment is None:
        raise Http404
    return comment


def comment_url(comment: Comment, *, focus=False) -> str:
    """The subject's page, at the page of the comment's branch, scrolled to it. ``focus``
    (for htmx, which loses the #fragment of a redirect) names the comment in the query."""
    thread = comment.thread
    return _at(thread.subject_url(), selectors.page_of(thread, comment.root_index),
               comment.number, focus=focus)


def _at(url, page, number, *, focus=False) -> str:
    """``url`` at its thread's ``page``, scrolled to comment ``number``."""
    query = [f"pagina={page}"] if page > 1 else []
    if focus:
        query.append(f"geplaatst={number}")
    return f"{url}{'?' + '&'.join(query) if query else ''}#reactie-{number}"


def _error_response(request, *, title, form, action, status, back, parent=None, thread=None):
    """A refused post keeps the text: the form again, with the error, on a page of its own
    (or, with htmx, in place of the form)."""
    context = {"title": title, "form": form, "action": action, "back": back, "parent": parent,
               "mention_url": thread.mention_url() if thread is not None else ""}
    if request.htmx:
        # The form that was sent (its id), replaced by itself with the error and the text.
        target = request.headers.get("HX-Trigger") or ""
        context["form_id"] = target if re.fullmatch(r"[\w-]{1,40}", target) else "reageer"
        response = render(request, "threads/comment_form_error.html", context, status=status)
        response["HX-Retarget"] = f"#{context['form_id']}"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Reselect"] = "form"
        return response
    return render(request, "threads/comment_form_page.html", context, status=status)


# --- Reflections ----------------------------------------------------------------------


def _block_and_cohort(request):
    from cohort.models import CohortPage
    from cohort.programme.models import BlockPage

    block_id = parse_id(request.POST.get("blok") or request.GET.get("blok"))
    block = BlockPage.objects.live().filter(pk=block_id).first() if block_id else None
    if block is None or not permissions.can_view_block(request.user, block):
        raise Http404
    writable = [pk for pk in permissions.block_cohort_ids(request.user, block)
                if permissions.cohort_roles_for(request.user).get(pk) == "participant"]
    if not writable:
        raise Http404
    chosen = parse_id(request.POST.get("editie") or request.GET.get("editie"))
    cohort_id = chosen if chosen in writable else max(writable)
    return block, CohortPage.objects.get(pk=cohort_id)


@login_required
def reflection_write(request):
    """Write one's reflection on a prompt (``vraag``) of a block, or on the block itself."""
    from cohort.programme.selectors import block_open_for

    block, cohort = _block_and_cohort(request)
    prompt_id = (request.POST.get("vraag") or request.GET.get("vraag") or "")[:64]
    prompt = services.prompt_of(block, prompt_id)
    if prompt is None or not block_open_for(block, cohort, request.user):
        raise Http404  # a question of a block not yet open is not shown
    own = Reflection.objects.filter(cohort=cohort, author=request.user, block=block,
                                    prompt_id=prompt.id, deleted_at__isnull=True).first()
    form = ReflectionForm(request.POST or None,
                          initial={"body": own.body if own and not own.is_deleted else ""})
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.reflection_save(
                author=request.user, cohort=cohort, block=block, prompt_id=prompt.id,
                body=form.cleaned_data["body"], share="share" in request.POST,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if reflection.is_draft:
                messages.success(request, _("Your draft is saved. Only you can read it until "
                                            "you share it."))
                return redirect(reflection.get_absolute_url())
            messages.success(request, _("Your reflection is shared with your edition. Below "
                                        "the question you now find your peers’ reflections."))
            return redirect(_question_url(reflection))
    return render(request, "threads/reflection_form.html", {
        "form": form, "block": block, "cohort": cohort, "prompt": prompt, "reflection": own,
    }, status=400 if form.errors else 200)


@login_required
def reflection_detail(request, pk):
    from cohort.notifications import selectors as notification_selectors
    from cohort.notifications import services as notification_services
    from cohort.threads.notifications import reflection_key

    # The reflection, its thread and how far the reader got, in one query.
    reflection = (selectors.with_last_read(
        permissions.visible_reflections(request.user), request.user, prefix="thread__")
        .select_related("author", "block", "cohort", "thread").filter(pk=pk).first())
    if reflection is None:
        raise Http404
    key = reflection_key(reflection)
    notification_services.subject_read(user=request.user, subject_key=key)
    view = None
    # An author who left the edition keeps their reflection, not the thread beneath it.
    if not reflection.is_draft and permissions.in_edition(request.user, reflection.cohort_id):
        thread = getattr(reflection, "thread", None)
        if thread is not None:
            thread.reflection, thread.cohort = reflection, reflection.cohort
            view = selectors.thread_view(
                request.user, thread, parse_id(request.GET.get("pagina")),
                last_read=reflection.thread_last_read,
                reply_to=parse_id(request.GET.get("antwoord")))
        else:
            view = selectors.empty_view(request.user, reflection)
        view.focus = parse_id(request.GET.get("geplaatst"))
    return render(request, "threads/reflection_detail.html", {
        "reflection": reflection, "view": view, "is_author": reflection.author_id ==
        request.user.pk, "subject_key": key,
        "watch_level": notification_selectors.watch_level(request.user, key),
        "post_url": view.thread.post_url() if view else "",
        "subject_url": reflection.get_absolute_url(),
        "revision_count": reflection.revisions.count() if reflection.edited_at else 0,
        "extra_actions": [(label, pattern.format(pk=reflection.pk)) for label, pattern in
                          actions.for_moderator(request.user, "reflection")]
        if permissions.can_moderate_thread(request.user, reflection) and not
        reflection.is_draft and not reflection.is_deleted
        and reflection.author_id != request.user.pk else [],
    })


@login_required
def reflection_edit(request, pk):
    reflection = _reflection_or_404(request.user, pk)
    if reflection.author_id != request.user.pk or reflection.is_deleted:
        raise Http404
    form = ReflectionForm(request.POST or None, initial={"body": reflection.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_edit(user=request.user, reflection=reflection,
                                     body=form.cleaned_data["body"])
            if "share" in request.POST:
                services.reflection_share(user=request.user, reflection=reflection)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(reflection.get_absolute_url())
    return render(request, "threads/reflection_form.html", {
        "form": form, "block": reflection.block, "cohort": reflection.cohort,
        "prompt": services.Prompt(id=reflection.prompt_id, question=reflection.prompt_text,
                                  post_first=reflection.post_first),
        "reflection": reflection,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def reflection_share(request, pk):
    reflection = _reflection_or_404(request.user, pk)
    try:
        services.reflection_share(user=request.user, reflection=reflection)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Your reflection is shared with your edition. Below "
                                "the question you now find your peers’ reflections."))
    return redirect(_question_url(reflection))


def _question_url(reflection) -> str:
    """The block page at the question, where the peers' reflections are listed."""
    return f"{reflection.block.url}#vraag-{reflection.prompt_id or 'blok'}"


@login_required
def reflection_delete(request, pk):
    reflection = _reflection_or_404(request.user, pk)
    if reflection.author_id != request.user.pk or reflection.is_deleted:
        raise Http404
    if request.method == "POST":
        block_url = reflection.block.url
        remaining = services.reflection_delete(user=request.user, reflection=reflection)
        messages.success(request, _("Your reflection is removed."))
        return redirect(remaining.get_absolute_url() if remaining else block_url)
    return render(request, "threads/reflection_delete.html", {"reflection": reflection})


@login_required
def reflection_history(request, pk):
    reflection = _reflection_or_404(request.user, pk)
    if reflection.is_draft:
        raise Http404
    return render(request, "threads/history.html", {
        "title": _("Earlier versions of this reflection"), "back": reflection.get_absolute_url(),
        "current": reflection.body_html, "current_at": reflection.edited_at,
        "revisions": list(reflection.revisions.all()),
    })


@login_required
def edition_reflections(request, cohort_pk):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=cohort_pk)
    return render(request, "threads/edition_reflections.html", {
        "cohort": cohort, "reflections": list(selectors.edition_reflections(request.user, cohort)),
    })


@login_required
def edition_threads(request, cohort_pk):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=cohort_pk)
    return render(request, "threads/edition_threads.html", {
        "cohort": cohort, "threads": list(selectors.edition_threads(request.user, cohort)[:100]),
    })


# --- Comments -----------------------------------------------------------------------------


def _post(request, subject, thread_of):
    form = CommentForm(request.POST)
    parent = None
    title = _("Your comment was not posted")
    action = request.path
    if form.is_valid():
        thread = thread_of(subject)
        parent_number = form.cleaned_data.get("parent")
        if parent_number:
            parent = Comment.objects.filter(thread=thread, number=parent_number).first()
            if parent is None:
                form.add_error(None, _("The comment you reply to is no longer there."))
        if not form.errors:
            try:
                comment = services.comment_post(user=request.user, thread=thread,
                                                body=form.cleaned_data["body"], parent=parent)
            except PermissionDenied:
                raise Http404 from None
            except services.RateLimited:
                form.add_error(None, _("You have posted a lot in a short time. Wait a few "
                                       "minutes, then post again: your text is kept below."))
                return _error_response(request, title=title, form=form, action=action,
                                       status=429, back=subject.get_absolute_url(),
                                       parent=parent, thread=Thread.of(subject))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment is posted."))
                return redirect(comment_url(comment, focus=bool(request.htmx)))
    return _error_response(request, title=title, form=form, action=action, status=400,
                           back=subject.get_absolute_url(), parent=parent,
                           thread=Thread.of(subject))


@login_required
@require_POST
def case_comment(request, pk):
    from cohort.cases.models import Case

    case = (permissions.visible_cases(request.user).exclude(status=Case.Status.DRAFT)
            .select_related("cohort", "author").filter(pk=pk).first())
    if case is None:
        raise Http404
    return _post(request, case, services.thread_for_case)


@login_required
@require_POST
def reflection_comment(request, pk):
    reflection = _reflection_or_404(request.user, pk)
    if reflection.is_draft:
        raise Http404
    return _post(request, reflection, lambda r: Thread.objects.get_or_create(
        reflection=r, defaults={"cohort": r.cohort})[0])


@login_required
def mentionable(request, case_pk=None, reflection_pk=None):
    """The names the comment field suggests after "@": who may open the case or
    reflection, in its edition (the viewer left out); JSON, for the script."""
    from cohort.cases.models import Case

    if case_pk is not None:
        subject = (permissions.visible_cases(request.user).exclude(status=Case.Status.DRAFT)
                   .select_related("cohort").filter(pk=case_pk).first())
    else:
        subject = (permissions.visible_reflections(request.user)
                   .filter(status=Reflection.Status.SHARED).select_related("cohort")
                   .filter(pk=reflection_pk).first())
    thread = Thread.of(subject) if subject else None
    if thread is None or not permissions.can_post_in_thread(request.user, thread):
        raise Http404
    names = [person.get_display_name() for person in selectors.people_for(request.user, thread)]
    response = JsonResponse({"names": names})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def comment_go(request, pk):
    return redirect(comment_url(_comment_or_404(request.user, pk)))


@login_required
def thread_go(request, pk):
    """A thread from a list or a notification: open at the first comment not yet read."""
    try:
        thread = selectors.thread_for(request.user, pk)
    except Thread.DoesNotExist:
        raise Http404 from None
    number, root_index = selectors.first_unread(thread, request.user)
    url = thread.subject_url()
    if number is None:
        return redirect(f"{url}#gesprek")
    return redirect(_at(url, selectors.page_of(thread, root_index), number))


@login_required
def comment_edit(request, pk):
    comment = _comment_or_404(request.user, pk)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(user=request.user, comment=comment,
                                  body=form.cleaned_data["body"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment is changed."))
            return redirect(comment_url(comment, focus=bool(request.htmx)))
    response = render(request, "threads/comment_form_page.html", {
        "title": _("Edit your comment"), "form": form, "action": request.path,
        "back": comment_url(comment), "editing": comment.number,
        "mention_url": comment.thread.mention_url(),
    }, status=400 if form.errors else 200)
    if request.htmx and form.errors:
        # In place: the refused form replaces itself, with the error and the text.
        response["HX-Retarget"] = f"#bewerk-{comment.number}"
        response["HX-Reselect"] = f"#bewerk-{comment.number}"
        response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def comment_delete(request, pk):
    comment = _comment_or_404(request.user, pk)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404
    if request.method == "POST":
        services.comment_delete(user=request.user, comment=comment)
        messages.success(request, _("Your comment is removed. “Removed by the author” stays "
                                    "in its place."))
        return redirect(comment_url(comment))
    return render(request, "threads/comment_delete.html", {"comment": comment,
                                                             "back": comment_url(comment)})


@login_required
def comment_history(request, pk):
    comment = _comment_or_404(request.user, pk)
    if comment.is_hidden and not (comment.author_id == request.user.pk
                                  or permissions.can_moderate_thread(request.user,
                                                                     comment.thread)):
        raise Http404
    return render(request, "threads/history.html", {
        "title": _("Earlier versions of comment #%(number)s") % {"number": comment.number},
        "back": comment_url(comment), "current": comment.body_html,
        "current_at": comment.edited_at, "revisions": list(comment.revisions.all()),
    })


def _action(request, pk, action):
    comment = _comment_or_404(request.user, pk)
    try:
        message = action(comment)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if message:
            messages.success(request, message)
    return redirect(comment_url(comment))


@login_required
@require_POST
def comment_react(request, pk):
    def action(comment):
        form = ReactionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose one of the reactions."))
        services.reaction_toggle(user=request.user, comment=comment,
                                 kind=form.cleaned_data["kind"])
        return None  # the count beside the button says it

    return _action(request, pk, action)


@login_required
@require_POST
def comment_hide(request, pk):
    def action(comment):
        if not permissions.can_moderate_thread(request.user, comment.thread):
            raise PermissionDenied  # before the form: whoever may not hide learns nothing more
        form = HideForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.comment_hide(user=request.user, comment=comment,
                              reason=form.cleaned_data["reason"])
        return _("The comment is hidden. Its author sees it, with your reason.")

    return _action(request, pk, action)


@login_required
@require_POST
def comment_unhide(request, pk):
    def action(comment):
        services.comment_unhide(user=request.user, comment=comment)
        return _("The comment is visible again.")

    return _action(request, pk, action)


@login_required
@require_POST
def comment_pin(request, pk):
    def action(comment):
        pinned = request.POST.get("pinned") == "1"
        before = (Comment.objects.filter(thread_id=comment.thread_id, pinned_at__isnull=False)
                  .exclude(pk=comment.pk).values_list("number", flat=True).first())
        services.comment_pin(user=request.user, comment=comment, pinned=pinned)
        if not pinned:
            return _("The comment is no longer pinned.")
        if before:
            return _("The comment is pinned above the thread, in place of #%(number)s.") % {
                "number": before}
        return _("The comment is pinned above the thread.")

    return _action(request, pk, action)


@login_required
@require_POST
def thread_lock(request, pk):
    try:
        thread = selectors.thread_for(request.user, pk)
    except Thread.DoesNotExist:
        raise Http404 from None
    locked = request.POST.get("locked") == "1"
    try:
        services.thread_lock(user=request.user, thread=thread, locked=locked)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The thread is locked: nobody can add to it.") if locked
                     else _("The thread is open again."))
    return redirect(f"{thread.subject_url()}#gesprek")


@login_required
@require_POST
def intervision_advance(request, pk):
    case = permissions.visible_cases(request.user).select_related("cohort", "author").filter(
        pk=pk).first()
    if case is None:
        raise Http404
    try:
        thread = services.intervision_advance(user=request.user, case=case)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Intervision phase: %(phase)s.") % {
            "phase": thread.get_phase_display()})
    return redirect(f"{case.get_absolute_url()}#gesprek")
