"""The facilitator's desk: "Begeleiden", for all her editions or one."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cohort.desk import selectors


@login_required
@require_GET
def desk_all(request):
    cohorts = selectors.desk_cohorts(request.user)
    if not cohorts:
        raise Http404
    return _render(request, cohorts, None)


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
    return render(request, "desk/desk.html", {
        "cohort": cohort, "cohorts": others, "sections": sections,
        "several": cohort is None and len(cohorts) > 1,
    })
