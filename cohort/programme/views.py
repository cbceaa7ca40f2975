from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohort import permissions
from cohort.models import Membership, User
from cohort.programme import selectors, services
from cohort.programme.calendar import sessions_to_ical
from cohort.programme.forms import AcceptInvitationForm
from cohort.programme.models import BlockPage, Invitation, Session

ICS = "text/calendar; charset=utf-8"


@login_required
def my_leergang(request):
    """A participant's landing after login: editions, next session, blocks, members."""
    from cohort.converters import parse_id

    overview = selectors.my_leergang(request, open_pk=parse_id(request.GET.get("editie")))
    return render(request, "programme/my_leergang.html",
                  {"editions": overview.editions, "folded": overview.folded})


@login_required
@require_POST
def block_done(request, pk):
    block = get_object_or_404(BlockPage.objects.live(), pk=pk)
    if not permissions.can_view_block(request.user, block):
        raise Http404
    done = request.POST.get("done") != "0"
    if not permissions.can_mark_block_done(request.user, block):
        messages.error(request, _("Only participants mark a block as done; their progress is "
                                  "on the edition's progress page."))
        return redirect(block.get_url())
    try:
        services.block_mark_done(user=request.user, block=block, done=done)
    except PermissionDenied:
        messages.error(request, _("This block is not open yet, so it cannot be marked as done."))
        return redirect(block.get_url())
    if done:
        messages.success(request, _("Block %(number)s is marked as done.") % {"number": block.number})
    else:
        messages.success(request, _("Block %(number)s is no longer marked as done.") % {"number": block.number})
    return redirect(block.get_url())


@login_required
@require_GET
def cohort_progress(request, pk):
    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=pk)
    if not permissions.can_see_progress(request.user, cohort):
        raise Http404
    return render(
        request,
        "programme/cohort_progress.html",
        {"cohort": cohort, "progress": selectors.cohort_progress(cohort)},
    )


@login_required
@require_GET
def cohort_progress_csv(request, pk):
    """The progress table as a spreadsheet (cells a member typed cannot run as formulas)."""
    import csv

    from cohort.spreadsheets import neutralise_cell

    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=pk)
    if not permissions.can_see_progress(request.user, cohort):
        raise Http404
    progress = selectors.cohort_progress(cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="voortgang-{cohort.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # spreadsheet programs read UTF-8 with the mark
    writer = csv.writer(response)
    writer.writerow([_("Participant"), _("Email")]
                    + [_("Block %(number)s") % {"number": b.number} for b in progress["blocks"]]
                    + list(progress["columns"]) + [_("last active")])
    for row in progress["rows"]:
        cells = [", ".join([str(_("done"))] * done + [str(m) for m in marks])
                 for _block, done, marks in row["cells"]]
        last = row["last_active"]
        writer.writerow([neutralise_cell(value) for value in [
            row["user"].get_display_name(), row["user"].email, *cells, *row["values"],
            timezone.localtime(last).strftime("%Y-%m-%d %H:%M") if last else ""]])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cohort_invite(request, pk):
    """Invite a group: a preview of each line and of the email, then all or nothing."""
    from django.core.exceptions import ValidationError

    from cohort.programme.forms import GroupInviteForm

    cohort = get_object_or_404(permissions.visible_cohorts(request.user).live(), pk=pk)
    if not permissions.can_manage_members(request.user, cohort):
        raise Http404
    form = GroupInviteForm(request.POST or None)
    context = {"cohort": cohort, "form": form, "lines": None, "sent": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            try:
                context["lines"] = services.invitations_send_group(
                    cohort=cohort, text=data["lines"], message=data["message"],
                    role=data["role"], invited_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
                status = 429 if getattr(error, "code", None) == "throttled" else 400
            else:
                context["sent"] = True
                invited = sum(line.result == "invited" for line in context["lines"])
                messages.success(request, ngettext(
                    "%(count)d invitation is on its way.",
                    "%(count)d invitations are on their way.", invited) % {"count": invited})
        if not context["sent"]:
            context["lines"] = services.invitations_plan(cohort=cohort, text=data["lines"])
            context["preview"] = _preview_email(request.user, cohort, context["lines"],
                                                data["message"], data["role"])
    elif request.method == "POST":
        status = 400
    return render(request, "programme/cohort_invite.html", context, status=status)


def _preview_email(user, cohort, lines, message, role):
    """The invitation as the first new person would get it (nothing is stored)."""
    from cohort.programme.invitations import Invitation

    first = next((line for line in lines if line.result == "invite"), None)
    if first is None:
        return None
    invitation = Invitation(cohort=cohort, email=first.email, name=first.name,
                            message=(message or "").strip(), role=role, invited_by=user)
    from django.conf import settings

    subject, body = services.invitation_message(invitation)
    return {"to": first.email, "subject": subject, "body": body,
            "language": settings.LANGUAGE_CODE}


def _sessions_visible_to(user):
    return Session.objects.filter(
        cohort__in=permissions.visible_cohorts(user).live()
    ).select_related("cohort", "block")


@login_required
@require_GET
def session_ics(request, pk):
    session = get_object_or_404(_sessions_visible_to(request.user), pk=pk)
    response = HttpResponse(
        sessions_to_ical([session], name=session.cohort.title, request=request), content_type=ICS
    )
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{session.pk}.ics"'
    return response


@require_GET
def calendar_feed(request, token):
    """A member's private feed: calendar apps fetch it without a session, by secret token."""
    membership = (
        Membership.objects.filter(calendar_token=token, user__is_active=True, cohort__live=True)
        .select_related("cohort")
        .first()
    )
    if membership is None:
        raise Http404
    sessions = (
        Session.objects.filter(cohort=membership.cohort)
        .select_related("cohort", "block")
        .order_by("start")
    )
    response = HttpResponse(
        sessions_to_ical(sessions, name=membership.cohort.title, request=request),
        content_type=ICS,
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_reset(request, pk):
    membership = get_object_or_404(Membership, pk=pk, user=request.user)
    services.membership_calendar_reset(membership)
    messages.success(
        request,
        _("Your calendar link has been replaced. Calendars using the old link no longer update."),
    )
    return redirect("programme:my_leergang")


def invitation(request, token):
    """Accept an invitation: new people choose a name and password, known people log in."""
    invitation = get_object_or_404(Invitation.objects.select_related("cohort"), token=token)
    context = {"invitation": invitation}
    try:
        services.invitation_check(invitation)
    except services.InvitationError as error:
        context["problem"] = error.message
        return render(request, "programme/invitation.html", context, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        context["existing"] = True
        if request.method == "POST" and request.user.is_authenticated:
            try:
                services.invitation_accept(token=token, user=request.user)
            except services.InvitationError as error:
                context["problem"] = error.message
                return render(request, "programme/invitation.html", context, status=400)
            messages.success(
                request,
                _("Welcome to %(title)s.") % {"title": invitation.cohort.title},
            )
            return redirect("programme:my_leergang")
        return render(request, "programme/invitation.html", context)

    first, _space, last = invitation.name.partition(" ")
    form = AcceptInvitationForm(request.POST or None, email=invitation.email,
                                initial={"first_name": first, "last_name": last})
    if request.method == "POST" and form.is_valid():
        try:
            user, _invitation = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            context["problem"] = error.message
            return render(request, "programme/invitation.html", context, status=400)
        login(request, user, backend="cohort.auth_backends.LeergangAuthenticationBackend")
        messages.success(request, _("Welcome to %(title)s. Tell the group who you are: your "
                                    "organisation, your role, a few sentences and a photo.")
                         % {"title": invitation.cohort.title})
        return redirect("cohort:profile")
    context["form"] = form
    return render(request, "programme/invitation.html", context)
