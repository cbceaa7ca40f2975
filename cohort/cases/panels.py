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
