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


# Per reflection prompt in a block's body: fn(request, block, prompt_ids) ->
# {prompt_id: (template_name, context)}, shown beneath each prompt (the reflection form).
_prompt_providers = []


def register_prompt(provider):
    if provider not in _prompt_providers:
        _prompt_providers.append(provider)
    return provider


def prompt_panels_for(request, block, prompt_ids) -> dict[str, list[tuple[str, dict]]]:
    panels: dict[str, list] = {}
    for provider in _prompt_providers:
        for prompt_id, panel in (provider(request, block, prompt_ids) or {}).items():
            panels.setdefault(prompt_id, []).append(panel)
    return panels
