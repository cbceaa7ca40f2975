"""The web processes run with the cycle collector tuned (config/gc_tuning.py): what the
application loaded is frozen, the first threshold raised, and cycles are still freed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import gc, weakref
import config.wsgi
from django.urls import get_resolver
print(gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 10_000,
      "url_patterns" in get_resolver().__dict__)
class Node: pass
first, second = Node(), Node()
first.other, second.other = second, first  # a cycle: reference counting cannot free it
gone = weakref.ref(first)
del first, second
for _ in range(100_000):
    [object()]  # allocations, as a request makes
junk = [[] for _ in range(20_000)]  # more survivors than the threshold: a collection runs
print(gone() is None)
"""


def _run(**env):
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_the_web_process_freezes_what_it_loaded_and_still_frees_cycles():
    assert _run() == ["True", "10000", "True", "True", "True"]


def test_the_threshold_can_be_set_from_the_environment():
    assert _run(GC_GEN0_THRESHOLD="2000")[:2] == ["True", "2000"]


def test_a_malformed_threshold_stops_the_process_naming_it():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                          "GC_GEN0_THRESHOLD": "veel"})
    assert result.returncode != 0 and "GC_GEN0_THRESHOLD" in result.stderr
