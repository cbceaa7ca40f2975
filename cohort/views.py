from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cohort import permissions
from cohort.files import serve_file
from cohort.forms import ProfileForm
from cohort.models import Membership

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("cohort:profile")
        messages.error(request, _("Your profile was not saved. Please correct the errors below."))
    else:
        form = ProfileForm(instance=user)
    return render(request, "cohort/profile.html", {"form": form})


@login_required
@require_GET
def member(request, pk):
    # Scoped queryset: someone outside the viewer's editions does not exist here.
    person = get_object_or_404(permissions.visible_members(request.user), pk=pk)
    shared = (
        Membership.objects.filter(user=person, cohort__in=permissions.visible_cohorts(request.user))
        .select_related("cohort")
        .order_by("-cohort__start_date")
    )
    from cohort import registry

    panels = [panel for entry in registry.member_panels
              if (panel := entry.fn(request, person)) is not None]
    return render(request, "cohort/member.html", {"person": person, "memberships": shared,
                                                  "panels": panels})


@login_required
@require_GET
def member_photo(request, pk):
    person = get_object_or_404(permissions.visible_members(request.user), pk=pk)
    if not person.photo:
        raise Http404
    extension = person.photo.name.rsplit(".", 1)[-1].lower()
    content_type = PHOTO_TYPES.get(extension)
    if content_type is None:
        raise Http404
    return serve_file(person.photo, content_type=content_type, filename=f"photo.{extension}",
                      cache_control="private, max-age=3600")


@never_cache
@require_GET
def language(request, code):
    """The footer's language links: the choice kept in the language cookie, back to the
    page it was made on. Links, not a form, so that a public page carries no token and sets
    no cookie for a reader who does not choose; switching someone's language is all a
    link from elsewhere can do."""
    from django.conf import settings
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response
