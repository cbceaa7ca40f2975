"""The member's notifications: the list, opening one, settings, watching and unsubscribing.
Views stay thin: selectors read (already narrowed to what the member may see), services
write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cohort.converters import parse_id
from cohort.notifications import registry, selectors, services
from cohort.notifications.forms import PreferenceForm, WatchForm
from cohort.notifications.models import Notification


@login_required
@require_GET
def notification_list(request):
    groups = selectors.listing(request.user)
    return render(request, "notifications/list.html", {
        "groups": groups,
        "unread": sum(1 for _cohort, items in groups for n in items if n.read_at is None),
    })


@login_required
@require_GET
def notification_open(request, pk):
    """Reads the notification and goes to what it is about."""
    try:
        notification = selectors.for_user(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    services.notification_open(user=request.user, notification=notification)
    if not url_has_allowed_host_and_scheme(notification.url, {request.get_host()},
                                           request.is_secure()):
        raise Http404  # notifications point into this site only
    return redirect(notification.url)


@login_required
@require_POST
def notifications_read(request):
    cohort_id = parse_id(request.POST.get("editie"))
    count = services.notifications_read_all(user=request.user, cohort_id=cohort_id)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Your settings were not saved. Please correct the errors "
                                  "below."))
    return render(request, "notifications/preferences.html", {
        "form": form, "kinds": registry.kinds(),
        "delay": settings.NOTIFICATION_EMAIL_DELAY_MINUTES,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def watch(request):
    """Watching, normal or muted for one subject the member may open."""
    form = WatchForm(request.POST)
    if not form.is_valid():
        raise Http404
    prefix, _sep, value = form.cleaned_data["subject"].partition(":")
    if not registry.visible_subject_ids(request.user, prefix, [value]):
        raise Http404
    services.watch_set(user=request.user, subject_key=form.cleaned_data["subject"],
                       level=form.cleaned_data["level"])
    messages.success(request, _("Your notification setting for this is saved."))
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "notifications:list"
    return redirect(target)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session
def unsubscribe(request, token):
    """The unsubscribe link of every notification email. A POST unsubscribes at once: the
    mail client's one-click (RFC 8058) or the button on this page. A GET only shows that
    button: mail scanners and link previews open every link, and must not unsubscribe
    anyone (RFC 8058, section 1)."""
    if request.method == "HEAD":
        return HttpResponse()
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", {"token": token})
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST, HEAD"})
    services.emails_unsubscribe(token=token)
    return render(request, "notifications/unsubscribed.html", {"token": token})


@require_POST
def resubscribe(request, token):
    """The unsubscribe page's "undo": emails on again, from the same link."""
    services.emails_resubscribe(token=token)
    return render(request, "notifications/unsubscribed.html", {"token": token, "resubscribed": True})
