"""The Dutch catalogue is complete: every UI string in code and templates has a translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["cohort", "blocks", "blog", "config", "templates", "locale", "manage.py"]


def _entries(po_text):
    """(msgid, msgstr, fuzzy) for every entry but the header."""
    entries = []
    for block in po_text.split("\n\n"):
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M) is not None
        ids = re.findall(r'^msgid(?:_plural)? ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)

        def join(chunk):
            return "".join(re.findall(r'"(.*)"', chunk))

        msgid = join(ids[0]) if ids else ""
        if not msgid or block.lstrip().startswith("#~"):
            continue
        entries.append((msgid, [join(s) for s in strs], fuzzy))
    return entries


def test_dutch_catalogue_is_complete(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--ignore=.venv",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "PYTHONPATH": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    po = (tmp_path / "locale/nl/LC_MESSAGES/django.po").read_text()
    missing = [msgid for msgid, msgstrs, fuzzy in _entries(po) if fuzzy or not all(msgstrs)]
    assert missing == [], f"untranslated or fuzzy Dutch strings: {missing}"
