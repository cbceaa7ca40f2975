"""Sections that apps above programme add to Mijn leergang, without programme importing them.

An app registers a provider in its ``AppConfig.ready``; a provider takes ``(user, cohorts)``
and returns ``{edition id: (template_name, context)}``, leaving out the editions it has
nothing to show for. It answers for all the editions at once, in the same few queries
whatever their number.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user, cohorts) -> dict[int, list[tuple[str, dict]]]:
    """{edition id: its panels, in the order the apps registered}."""
    panels: dict[int, list] = {cohort.pk: [] for cohort in cohorts}
    if not cohorts:
        return panels
    for provider in _providers:
        for cohort_id, panel in provider(user, cohorts).items():
            panels[cohort_id].append(panel)
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


# The progress page of an edition (for its facilitators). Providers answer for all
# participants at once, so the page costs the same few queries whatever their number.
# fn(cohort, user_ids, block_ids) -> {(user_id, block_id): label}: what a participant did
# in a block ("case", "reflection"), shown in its cell.
_progress_marks = []
# fn(cohort, user_ids) -> list of (label, {user_id: value}): a column per participant.
_progress_columns = []
# fn(cohort, people) -> (template_name, context) or None: a table of its own under it
# (who answered whom).
_progress_tables = []


def register_progress(*, marks=None, columns=None, table=None):
    for registry, provider in ((_progress_marks, marks), (_progress_columns, columns),
                               (_progress_tables, table)):
        if provider is not None and provider not in registry:
            registry.append(provider)


def progress_marks(cohort, user_ids, block_ids) -> dict:
    marks: dict = {}
    for provider in _progress_marks:
        for key, label in provider(cohort, user_ids, block_ids).items():
            marks.setdefault(key, []).append(label)
    return marks


def progress_columns(cohort, user_ids) -> list:
    return [column for provider in _progress_columns for column in provider(cohort, user_ids)]


def progress_tables(cohort, people) -> list:
    return [table for provider in _progress_tables
            if (table := provider(cohort, people)) is not None]
