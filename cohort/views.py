from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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
