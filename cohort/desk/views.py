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
    return _render(request, selectors.desk_cohorts(request.user, waiting=True), None)


# The desk of all her editions covers the two most recent (a facilitator seldom runs more
# at once), as Mijn leergang does; older editions are listed folded, each with its own
# desk, so a facilitator of 50 editions waits no longer than one of 2.
DESK_OPEN = 2


@login_required
@require_GET
def desk_edition(request, pk):
    cohorts = selectors.desk_cohorts(request.user, pk)
    if not cohorts:
        raise Http404
    return _render(request, cohorts, cohorts[0])


def _render(request, cohorts, cohort):
    folded = cohorts[DESK_OPEN:] if cohort is None else []
    shown = cohorts[:DESK_OPEN] if cohort is None else cohorts
    sections = selectors.desk_sections(request.user, shown)
    others = (selectors.desk_cohorts(request.user, waiting=True) if cohort is not None
              else shown)
    for other in others:
        other.desk_links = registry.links_for(other.pk)
    return render(request, "desk/desk.html", {
        "cohort": cohort, "cohorts": others, "sections": sections, "folded": folded,
        "several": cohort is None and len(shown) > 1,
    })
