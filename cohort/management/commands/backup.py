"""``manage.py backup PATH``: the database and every stored file in one archive.

The archive (tar.gz) holds ``database.jsonl`` (Django serializer rows, vendor-neutral, so a
SQLite backup restores into PostgreSQL and back), ``files/<storage>/<name>`` for each file of
every storage in ``STORAGES`` (read through the storage API: S3 in production) and
``manifest.json`` with the row count per model, the SHA-256 of every file, the applied
migrations and the time; ``manifest.json.sha256`` guards the manifest. ``restore`` reads it.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
DATABASE = "database.jsonl"
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
CHUNK = 1024 * 1024

# Rebuilt, not restored: sessions would only outlive the reason for restoring (log in again);
# restore runs update_index for the search index, whose models differ per database vendor.
REGENERATED_APPS = {"sessions", "wagtailsearch"}
# Their ids differ between databases: rows refer to them by natural key, and restore merges
# them into the ones migrate made.
NATURAL = (ContentType, Permission)


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeps milliseconds; a restore must give back every microsecond
    (read positions and "new since" compare timestamps)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Natural keys for content types and permissions only: every other row keeps its id,
    so no lookup by a name that need not be unique (a page's URL path, a collection's name)
    can pick the wrong row."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in NATURAL
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in NATURAL
        super().handle_m2m_field(obj, field)


def dumped_models() -> list:
    """Every model the archive holds rows of; content types and permissions first, so
    later rows (and permissions themselves) can refer to them by natural key."""
    rest = [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in NATURAL
        and model._meta.app_label not in REGENERATED_APPS
    ]
    return [*NATURAL, *rest]


def rows(model):
    """The rows of a model the archive holds, by id: of content types and permissions not
    those of the rebuilt apps (wagtailsearch has a model on SQLite only)."""
    queryset = model._base_manager.order_by("pk")
    if model is ContentType:
        return queryset.exclude(app_label__in=REGENERATED_APPS)
    if model is Permission:
        return queryset.exclude(content_type__app_label__in=REGENERATED_APPS)
    return queryset


def label(model) -> str:
    return model._meta.label_lower


def applied_migrations() -> list[list[str]]:
    loader = MigrationLoader(connection)
    return sorted([app, name] for app, name in loader.applied_migrations
                  if (app, name) in loader.graph.nodes)


def stored_files():
    """(storage alias, name) of every file in every storage but the static files, which
    collectstatic builds from the code."""
    for alias in settings.STORAGES:
        if alias != "staticfiles":
            for name in sorted(_walk(storages[alias], "")):
                yield alias, name


def _walk(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage nothing was saved to yet
        return
    for name in files:
        yield posixpath.join(folder, name)
    for name in folders:
        yield from _walk(storage, posixpath.join(folder, name))


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


class _Hashing:
    """Reads a stored file into the archive and hashes what went in, in one pass."""

    def __init__(self, source):
        self.source, self.digest = source, hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data


@contextmanager
def _snapshot():
    """One consistent view of every table. SQLite's transaction already is one (this
    project begins them IMMEDIATE); PostgreSQL's default sees commits made meanwhile."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _add_bytes(archive, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(time.time())
    archive.addfile(info, io.BytesIO(data))


class Command(BaseCommand):
    help = "Write the database and all stored files (every storage) to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. backup-2026-05-01.tar.gz")

    def handle(self, *args, path, **options):
        target = Path(path)
        if not target.parent.is_dir():  # said before the dump, not after
            raise CommandError(f"There is no folder {target.parent} to write the backup in.")
        partial = target.with_name(target.name + ".partial")
        try:
            counts, files = self._write(partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        # Under its name only once it is whole: a broken run never looks like a backup.
        os.replace(partial, target)
        self.stdout.write(f"Backed up {sum(counts.values())} rows of {len(counts)} models and "
                          f"{len(files)} files to {target} ({target.stat().st_size} bytes).")

    def _write(self, partial):
        with tempfile.TemporaryDirectory() as folder:
            # The dump goes to a file first: a tar member needs its size before its bytes.
            dump = Path(folder) / DATABASE
            counts = {}
            with _snapshot(), dump.open("w", encoding="ascii") as stream:
                for model in dumped_models():
                    counts[label(model)] = rows(model).count()
                    _Serializer().serialize(
                        rows(model).iterator(chunk_size=2000), stream=stream, cls=_ExactEncoder,
                        ensure_ascii=True, use_natural_primary_keys=model in NATURAL,
                    )
                migrations = applied_migrations()
            with dump.open("rb") as stream:
                database = {"file": DATABASE, "sha256": sha256_of(stream),
                            "size": dump.stat().st_size}
            # Password hashes and private attachments: for the owner's eyes only.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(dump, DATABASE)
                # Files after the rows: by now every file a dumped row names is stored (one
                # saved since is only extra).
                files = [item for alias, name in stored_files()
                         if (item := self._add_file(archive, alias, name))]
                manifest = json.dumps({
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "vendor": connection.vendor,
                    "versions": {"django": django.get_version(), "wagtail": wagtail.__version__},
                    "migrations": migrations,
                    "database": database,
                    "counts": counts,
                    "files": files,
                }, indent=1, sort_keys=True).encode()
                _add_bytes(archive, MANIFEST, manifest)
                _add_bytes(archive, MANIFEST_SUM, hashlib.sha256(manifest).hexdigest().encode())
        return counts, files

    def _add_file(self, archive, alias, name):
        storage = storages[alias]
        try:
            size = storage.size(name)
            source = storage.open(name, "rb")
        except FileNotFoundError:  # deleted since it was listed
            self.stderr.write(f"Skipped {alias}:{name}: it was deleted while the backup ran.")
            return None
        with source:
            info = tarfile.TarInfo(f"files/{alias}/{name}")
            info.size, info.mtime = size, int(time.time())
            reader = _Hashing(source)
            archive.addfile(info, reader)
        return {"storage": alias, "name": name, "size": size,
                "sha256": reader.digest.hexdigest()}
