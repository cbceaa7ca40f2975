"""Links that apps above threads add to what a facilitator can do with a comment or a
reflection (the blog's "ask consent to quote"), without threads importing them.

A provider takes ``(user, kind)`` (kind: "comment" or "reflection") and returns a list of
``(label, url_pattern)``, the pattern holding ``{pk}``; it is asked once per page.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_moderator(user, kind) -> list[tuple[str, str]]:
    found = []
    for provider in _providers:
        found.extend(provider(user, kind) or [])
    return found
