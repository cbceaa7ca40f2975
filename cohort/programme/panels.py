"""Sections that apps above programme add to Mijn leergang, without programme importing them.

An app registers a provider in its ``AppConfig.ready``; a provider takes ``(user, cohort)``
and returns ``(template_name, context)`` or None when it has nothing to show.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user, cohort) -> list[tuple[str, dict]]:
    panels = []
    for provider in _providers:
        panel = provider(user, cohort)
        if panel is not None:
            panels.append(panel)
    return panels
