"""Python's cycle collector, tuned for a web process.

A request allocates tens of thousands of objects; with the default threshold (700) the
collector runs many times per request and its older generations walk every object the
process has loaded (Django, Wagtail, templates: some 200,000). What was loaded at start-up
stays for the process's life, so it is frozen out of the collector's walks, and the
youngest generation is collected after ``GC_GEN0_THRESHOLD`` allocations instead of 700.
Cycles are still collected; reference counting frees the rest at once, as always.
"""

import gc
import os

DEFAULT_GEN0_THRESHOLD = 10_000


def load_and_tune() -> tuple[int, int, int]:
    """For a web process: load the URLconf (and with it every view) first, so that it is
    frozen too and the first request does not pay for it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads the URLconf)
    return tune()


def tune() -> tuple[int, int, int]:
    """Freeze what is loaded now and raise the first threshold; returns the thresholds.
    Call it once the application is loaded."""
    gc.collect()  # garbage from the start-up is freed, not frozen
    gc.freeze()
    value = os.environ.get("GC_GEN0_THRESHOLD", str(DEFAULT_GEN0_THRESHOLD))
    gen0 = int(value) if value.isascii() and value.isdecimal() else 0
    if gen0 < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"GC_GEN0_THRESHOLD must be a whole number above 0, "
                                   f"not {value!r}.")
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0, gen1, gen2)
    return gc.get_threshold()
