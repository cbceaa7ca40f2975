"""Trust suite, item 10: ``manage.py backup`` and ``restore`` give back every row and every
file, in SQLite and PostgreSQL and across them; a participant's own export holds nothing of
anyone else.

The backup runs here, on the test's own content. Each restore runs in a process of its own,
as ``manage.py`` runs it, against a database of its own, freshly migrated (a SQLite file
always; a second database on the same server when the suite runs on PostgreSQL), with
storages in folders of its own.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import DateTimeField, FileField, TimeField
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cohort.cases import services as cases
from cohort.threads import services as threads
from cohort.threads.models import Thread
from tests.cases_tests.conftest import make_case, pdf_upload, png_bytes
from tests.threads_tests.conftest import post, reflect

ROOT = Path(settings.BASE_DIR)
DATABASE = settings.DATABASES["default"]
ON_POSTGRESQL = DATABASE["ENGINE"].endswith("postgresql")
# Rebuilt by restore rather than restored (backup.REGENERATED_APPS).
REBUILT = {"sessions", "wagtailsearch"}

# The subprocesses' settings: the test settings with the storages in the folders given.
SETTINGS = """
import json
import os

from config.settings.test import *  # noqa: F403

STORAGES = {**STORAGES, **{  # noqa: F405
    alias: {"BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location}}
    for alias, location in json.loads(os.environ["BACKUP_TEST_STORAGES"]).items()
}}
"""
# A management command as manage.py runs it, then what it left: one process.
RUN = """
import json
import os
import sys

from django.core.management import execute_from_command_line

try:
    execute_from_command_line(["manage.py", *sys.argv[1:]])
    code = 0
except SystemExit as exit:
    code = exit.code
from tests.trust_tests.test_backup import count_rows, timestamps

with open(os.environ["BACKUP_TEST_STATE"], "w") as state:
    json.dump({"counts": count_rows(), "timestamps": timestamps()}, state)
sys.exit(code)
"""


def _folders(base: Path) -> dict[str, Path]:
    return {"default": base / "media", "private": base / "private"}


@pytest.fixture(autouse=True)
def media(tmp_path, settings, monkeypatch):
    """This test's storages, in folders of its own: the backup takes all of a storage, and
    the shared var/ holds every other test's files. File fields took their storage when
    the models were defined, so they are pointed at the new one too."""
    folders = _folders(tmp_path / "source")
    settings.STORAGES = {**settings.STORAGES, **{
        alias: {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(path)}} for alias, path in folders.items()}}
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, FileField) and hasattr(field, "_storage_callable"):
                monkeypatch.setattr(field, "storage", field._storage_callable())
    return folders


# --- databases in subprocesses ------------------------------------------------------------

def _postgres_url(name: str) -> str:
    login = quote(DATABASE["USER"]) + (f":{quote(DATABASE['PASSWORD'])}"
                                       if DATABASE["PASSWORD"] else "")
    return f"postgres://{login}@{DATABASE['HOST']}:{DATABASE['PORT'] or 5432}/{name}"


def _postgres(sql: str):
    import psycopg

    with psycopg.connect(host=DATABASE["HOST"], port=DATABASE["PORT"] or 5432,
                         user=DATABASE["USER"], password=DATABASE["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture(scope="module")
def manage(tmp_path_factory):
    """``manage(database_url, folders, *args)``: the command in a process of its own with
    that database and storages; the result has ``counts`` (rows per model) and
    ``timestamps`` as they are after it."""
    scripts = tmp_path_factory.mktemp("scripts")
    (scripts / "backup_test_settings.py").write_text(SETTINGS)
    (scripts / "run.py").write_text(RUN)

    def run(database_url, folders, *args):
        state = scripts / f"{uuid.uuid4().hex}.json"
        env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
        env.update(
            DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="backup_test_settings",
            PYTHONPATH=os.pathsep.join([str(scripts), str(ROOT)]),
            BACKUP_TEST_STORAGES=json.dumps({alias: str(path) for alias, path in folders.items()}),
            BACKUP_TEST_STATE=str(state),
        )
        result = subprocess.run([sys.executable, str(scripts / "run.py"), *map(str, args)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert state.exists(), result.stderr
        left = json.loads(state.read_text())
        result.counts, result.timestamps = left["counts"], left["timestamps"]
        return result

    return run


@pytest.fixture(scope="module")
def migrated(manage, tmp_path_factory):
    """One freshly migrated database per vendor, made once (copies are what tests get):
    ``migrated(vendor)`` is (its SQLite path or PostgreSQL name, its rows per model)."""
    made, dropped = {}, []

    def template(vendor):
        if vendor not in made:
            if vendor == "sqlite":
                name = tmp_path_factory.mktemp("template") / "db.sqlite3"
                url = f"sqlite:///{name}"
            else:
                name = f"backup_template_{uuid.uuid4().hex[:8]}"
                _postgres(f'CREATE DATABASE "{name}"')
                dropped.append(name)
                url = _postgres_url(name)
            result = manage(url, _folders(tmp_path_factory.mktemp("unused")), "migrate",
                            "--no-input", "-v", "0")
            assert result.returncode == 0, result.stderr
            made[vendor] = (name, result.counts)
        return made[vendor]

    yield template
    for name in dropped:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_database(migrated, tmp_path):
    """``fresh_database(vendor)``: the URL of a new, freshly migrated database."""
    dropped = []

    def make(vendor):
        template, _counts = migrated(vendor)
        if vendor == "sqlite":
            path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
            shutil.copy(template, path)
            return f"sqlite:///{path}"
        name = f"backup_restore_{uuid.uuid4().hex[:8]}"
        _postgres(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        dropped.append(name)
        return _postgres_url(name)

    yield make
    for name in dropped:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- what is compared -----------------------------------------------------------------------

def count_rows() -> dict[str, int]:
    """Rows per model, here or (RUN) in a subprocess. Not of the rebuilt apps, nor
    their content types and permissions: wagtailsearch has a model on SQLite only."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    counts = {model._meta.label_lower: model._base_manager.count()
              for model in apps.get_models()
              if model._meta.managed and model._meta.app_label not in REBUILT}
    counts["contenttypes.contenttype"] = ContentType.objects.exclude(
        app_label__in=REBUILT).count()
    counts["auth.permission"] = Permission.objects.exclude(
        content_type__app_label__in=REBUILT).count()
    return counts


def timestamps() -> str:
    """Every date-time and time stored (but the rebuilt apps'), to the microsecond, as one
    digest."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda model: model._meta.label_lower):
        names = [field.attname for field in model._meta.concrete_fields
                 if isinstance(field, DateTimeField | TimeField)]
        if names and model._meta.managed and model._meta.app_label not in REBUILT:
            for pk, *values in model._base_manager.order_by("pk").values_list("pk", *names):
                line = " ".join([model._meta.label_lower, str(pk),
                                 *(value.isoformat() if value else "-" for value in values)])
                digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def _checksums(folders) -> dict[str, str]:
    """{storage/name: sha256} of every file in the folders."""
    return {f"{alias}/{path.relative_to(root).as_posix()}":
            hashlib.sha256(path.read_bytes()).hexdigest()
            for alias, root in folders.items() if root.exists()
            for path in root.rglob("*") if path.is_file()}


def _rows(archive) -> set[str]:
    """Every row in the archive, every field of it, in one canonical form."""
    with tarfile.open(archive) as opened:
        lines = opened.extractfile("database.jsonl").read().decode().splitlines()
    return {json.dumps(json.loads(line), sort_keys=True) for line in lines if line.strip()}


def _backup(path) -> Path:
    call_command("backup", str(path), stdout=io.StringIO())
    return Path(path)


def _rewrite(archive, target, change) -> Path:
    """A copy of the archive with ``change(name, data)`` applied to each member."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return Path(target)


def _manifest(archive) -> dict:
    with tarfile.open(archive) as opened:
        return json.loads(opened.extractfile("manifest.json").read())


@pytest.fixture
def site(world):
    """Edition A with an object of every kind (the trust suite's world: pages, revisions,
    people, memberships, a case with its attachment and history, a thread, a reflection,
    feedback, a consent, notifications, a photo), and images with a rendition, a document
    and a file in the default storage."""
    image = get_image_model().objects.create(
        title="Speelveld", file=ImageFile(io.BytesIO(png_bytes()), name="speelveld.png"))
    image.get_rendition("fill-2x2")
    get_document_model().objects.create(
        title="Werkblad", file=ContentFile(b"Een werkblad voor blok 1.", name="werkblad.txt"))
    storages["default"].save("exports/lees-mij.txt", ContentFile(b"In de gewone opslag."))
    return world


CHAINS = [("sqlite",)]
if ON_POSTGRESQL:
    # PostgreSQL to PostgreSQL; and PostgreSQL to SQLite, whose own backup then goes back
    # into PostgreSQL.
    CHAINS += [("postgresql",), ("sqlite", "postgresql")]


@pytest.mark.parametrize("chain", CHAINS, ids="-then-".join)
def test_a_backup_restores_into_an_empty_database(site, media, manage, fresh_database,
                                                  tmp_path, chain):
    archive = _backup(tmp_path / "backup.tar.gz")
    counts, files, rows = count_rows(), _checksums(media), _rows(archive)
    stamps = timestamps()
    # The content is what this test claims to restore: every kind of object is there.
    for name in ("wagtailcore.page", "wagtailcore.revision", "wagtailcore.site",
                 "programme.blockpage", "cohort.cohortpage", "blog.blogpostpage",
                 "cohort.user", "cohort.membership", "auth.group", "cases.case",
                 "cases.caseattachment", "cases.caseevent", "cases.casefeedback",
                 "threads.thread", "threads.comment", "threads.reflection",
                 "consent.quoteconsent", "notifications.notification",
                 "cohort.leergangimage", "cohort.leergangrendition", "cohort.leergangdocument"):
        assert counts[name] > 0, name
    assert {name.split("/")[1] for name in files} >= {
        "cases", "photos", "original_images", "images", "documents"}, files
    assert "default/exports/lees-mij.txt" in files

    for hop, vendor in enumerate(chain):
        database, folders = fresh_database(vendor), _folders(tmp_path / f"restored-{hop}")
        result = manage(database, folders, "restore", archive)
        assert result.returncode == 0, result.stderr
        assert "row counts and checksums match the manifest" in result.stdout
        assert result.counts == counts
        assert result.timestamps == stamps
        assert _checksums(folders) == files
        # Every field of every row, to the microsecond: the restored database backs up to
        # the same rows (content types and permissions by natural key, the rest by id).
        archive = tmp_path / f"again-{hop}.tar.gz"
        result = manage(database, folders, "backup", archive)
        assert result.returncode == 0, result.stderr
        again = _rows(archive)
        assert again == rows, (sorted(rows - again)[:3], sorted(again - rows)[:3])


def test_restore_refuses_a_database_with_content(site, media, tmp_path):
    archive = _backup(tmp_path / "backup.tar.gz")
    counts, files = count_rows(), _checksums(media)
    with pytest.raises(CommandError, match="This database is not empty: it holds .*cohort.user"):
        call_command("restore", str(archive))
    assert count_rows() == counts
    assert _checksums(media) == files


def test_a_damaged_or_altered_archive_is_refused(site, media, manage, migrated,
                                                 fresh_database, tmp_path):
    archive = _backup(tmp_path / "backup.tar.gz")
    counts, files = count_rows(), _checksums(media)
    attachment = next(item for item in _manifest(archive)["files"]
                      if item["name"].startswith("cases/"))
    database, folders = fresh_database("sqlite"), _folders(tmp_path / "restored")
    _template, fresh = migrated("sqlite")

    def flip_attachment(name, data):
        if name == f"files/private/{attachment['name']}":
            return data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
        return data

    manifest = _manifest(archive)
    manifest["counts"]["cases.case"] += 1
    lying = json.dumps(manifest).encode()

    def with_manifest(data, signed):
        """The manifest replaced; signed again, only the count check after loading sees it."""
        def change(name, original):
            if name == "manifest.json":
                return data
            if name == "manifest.json.sha256" and signed:
                return hashlib.sha256(data).hexdigest().encode()
            return original
        return change

    for change, message in (
        (flip_attachment, f"Checksum mismatch in the archive for private:{attachment['name']}"),
        (with_manifest(lying, signed=False), "The manifest does not match its checksum"),
        (with_manifest(lying, signed=True), "Row counts after loading differ from the "
                                            "manifest: cases.case (expected"),
    ):
        altered = _rewrite(archive, tmp_path / f"altered-{uuid.uuid4().hex}.tar.gz", change)
        result = manage(database, folders, "restore", altered)
        assert result.returncode != 0 and message in result.stderr, result.stderr
        # Nothing changed: the database is as migrate left it, the storages empty.
        assert result.counts == fresh
        assert _checksums(folders) == {}
    # ... so the intact archive still restores into it; and once restored, the database
    # refuses another restore, unchanged.
    result = manage(database, folders, "restore", archive)
    assert result.returncode == 0, result.stderr
    result = manage(database, folders, "restore", archive)
    assert result.returncode != 0 and "This database is not empty" in result.stderr
    assert result.counts == counts
    assert _checksums(folders) == files


# --- a participant's own export --------------------------------------------------------------

def test_a_participants_own_export_holds_nothing_of_anyone_else(
        client, participant, peer, outsider, facilitator, edition1, edition2, block, prompts):
    """Her own cases (drafts too) with her attachments, their history and the feedback
    addressed to her on them (hers to keep, as it is on the page); nothing else anyone
    wrote: not a peer's comment under her case, not feedback its author removed, not a
    peer's case, reflection, attachment or feedback, nothing of the other edition."""
    own = {name: f"eigen-{name}-{uuid.uuid4().hex[:8]}" for name in (
        "title", "situation", "my_role", "question", "tried", "parties", "draft", "file",
        "feedback_shared", "feedback_private")}
    others = {name: f"ander-{name}-{uuid.uuid4().hex[:8]}" for name in (
        "peer_case", "peer_file", "peer_comment", "peer_reply", "peer_reflection",
        "feedback_removed", "feedback_peer", "b_case", "b_comment",
        "b_reflection", "b_file")}

    mine = make_case(participant, edition1, title=own["title"], situation=own["situation"],
                     my_role=own["my_role"], question=own["question"], tried=own["tried"],
                     parties=own["parties"],
                     files=[pdf_upload("mijn.pdf", f"%PDF-1.4\n% {own['file']}\n".encode())])
    make_case(participant, edition1, status="draft", title=own["draft"])
    theirs = make_case(peer, edition1, title=others["peer_case"],
                       files=[pdf_upload("zijn.pdf", f"%PDF-1.4\n% {others['peer_file']}\n"
                                         .encode())])
    comment = post(peer, threads.thread_for_case(mine), others["peer_comment"])
    post(participant, threads.thread_for_case(mine), "Dank je.", parent=comment)
    post(peer, threads.thread_for_case(mine), others["peer_reply"], parent=comment)
    post(participant, threads.thread_for_case(theirs), "Herkenbaar.")
    cases.case_feedback_add(user=facilitator, case=mine, body=own["feedback_shared"],
                            visibility="audience")
    cases.case_feedback_add(user=facilitator, case=mine, body=own["feedback_private"],
                            visibility="author")
    removed = cases.case_feedback_add(user=facilitator, case=mine,
                                      body=others["feedback_removed"], visibility="author")
    cases.case_feedback_remove(user=facilitator, feedback=removed)
    cases.case_feedback_add(user=facilitator, case=theirs, body=others["feedback_peer"],
                            visibility="audience")
    cases.case_mark_discussed(user=facilitator, case=mine)
    reflect(participant, edition1, block, prompts[1], body="Mijn eigen reflectie.")
    reflection = reflect(peer, edition1, block, prompts[1], body=others["peer_reflection"])
    post(participant, Thread.objects.get(reflection=reflection), "Mooi gezegd.")
    elsewhere = make_case(outsider, edition2, title=others["b_case"],
                          files=[pdf_upload("b.pdf", f"%PDF-1.4\n% {others['b_file']}\n"
                                            .encode())])
    post(outsider, threads.thread_for_case(elsewhere), others["b_comment"])
    reflect(outsider, edition2, block, prompts[1], body=others["b_reflection"])
    others.update(peer_email=peer.email, b_email=outsider.email, b_name=outsider.first_name,
                  facilitator_email=facilitator.email)

    client.force_login(participant)
    response = client.get(reverse("cases:export_own"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    content = {name: archive.read(name).decode("utf-8", errors="replace")
               for name in archive.namelist()}
    everything = "\n".join([*content, *content.values()])
    # Her own words are there (so the check below reads what the export holds) ...
    for name, token in own.items():
        assert token in everything, (name, sorted(content))
    # ... and nobody else's, in any file of it.
    leaks = {name: [where for where, text in content.items() if token in text or token in where]
             for name, token in others.items() if token in everything}
    assert not leaks, leaks
