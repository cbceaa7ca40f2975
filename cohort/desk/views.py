"""The facilitator's desk: "Begeleiden", for all her editions or one."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohort.desk import registry, selectors


@login_required
@require_GET
def desk_all(request):
    from cohort import permissions

    if not permissions.facilitated_cohort_ids(request.user):
        raise Http404
    # Her editions may all be unpublished still: an empty desk, not a 404.
    return _render(request, selectors.desk_cohorts(request.user), None)


@login_required
@require_GET
def desk_edition(request, pk):
    cohorts = selectors.desk_cohorts(request.user, pk)
    if not cohorts:
        raise Http404
    return _render(request, cohorts, cohorts[0])


def _render(request, cohorts, cohort):
    sections = selectors.desk_sections(request.user, cohorts)
    others = selectors.desk_cohorts(request.user) if cohort is not None else cohorts
    for other in others:
        other.desk_links = registry.links_for(other.pk)
    return render(request, "desk/desk.html", {
        "cohort": cohort, "cohorts": others, "sections": sections,
        "several": cohort is None and len(cohorts) > 1,
    })
