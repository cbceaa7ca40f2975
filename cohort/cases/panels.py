"""Sections that apps above cases add to a case's page (the thread beneath it), without
cases importing them. A provider takes ``(request, case)`` and returns
``(template_name, context)`` or None."""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(request, case) -> list[tuple[str, dict]]:
    panels = []
    for provider in _providers:
        panel = provider(request, case)
        if panel is not None:
            panels.append(panel)
    return panels


# Counts shown beside each case in the case list: fn(user, case_ids) ->
# {case_id: {"comments": n, "unread": n}} in a fixed number of queries.
_count_providers = []


def register_counts(provider):
    if provider not in _count_providers:
        _count_providers.append(provider)
    return provider


def counts_for(user, case_ids) -> dict[int, dict]:
    counts: dict[int, dict] = {}
    for provider in _count_providers:
        for case_id, values in (provider(user, case_ids) or {}).items():
            counts.setdefault(case_id, {}).update(values)
    return counts


def member_cases_panel(request, person):
    """On a member's page: their cases the viewer may read (drafts only for themselves)."""
    from cohort import permissions
    from cohort.cases.models import Case

    cases = list(permissions.visible_cases(request.user).filter(author=person)
                 .exclude(status=Case.Status.DRAFT).select_related("cohort")
                 .order_by("-submitted_at")[:20])
    if not cases:
        return None
    return "cases/member_panel.html", {"cases": cases, "person": person}
