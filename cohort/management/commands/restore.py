"""``manage.py restore PATH``: a ``backup`` archive back into a freshly migrated, empty
database and its storages, proven afterwards: row counts and file checksums must match the
manifest, or nothing is kept.

Refused, with nothing changed: a damaged or altered archive, a database that is not
migrated to the backup's migrations, a database that holds anything beyond what migrate
creates, a storage that holds a different file under a name the backup needs.
"""

import hashlib
import json
import tarfile
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cohort.management.commands.backup import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MANIFEST_SUM,
    NATURAL,
    applied_migrations,
    dumped_models,
    label,
    rows,
    sha256_of,
)

# What Django's, Wagtail's and our own migrations (and post_migrate handlers) put in a new
# database: the root and welcome page (plain Page rows: every page type of the site has a
# table of its own, not in this list), the default site, locale, collection, workflow and
# groups with their permissions. Rows of any other model mean the database is in use.
SEEDED = {
    "contenttypes.contenttype", "auth.permission", "auth.group", "wagtailcore.locale",
    "wagtailcore.site", "wagtailcore.collection", "wagtailcore.page",
    "wagtailcore.grouppagepermission", "wagtailcore.groupcollectionpermission",
    "wagtailcore.workflow", "wagtailcore.task", "wagtailcore.groupapprovaltask",
    "wagtailcore.workflowtask", "wagtailcore.workflowpage",
}


def _listing(items, limit=10) -> str:
    items = list(items)
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


class Command(BaseCommand):
    help = ("Restore a backup archive into a freshly migrated, empty database and the "
            "storages, then verify row counts and file checksums against its manifest.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="an archive written by manage.py backup")

    def handle(self, *args, path, **options):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            manifest = self._unpack(Path(path), root)
            self._check_database(manifest)
            missing = self._check_storages(manifest)
            written = []
            try:
                with transaction.atomic():
                    self._load(manifest, root)
                    self._write_files(manifest, missing, root, written)
            except BaseException:
                # The rows are rolled back; the files this run wrote go too.
                for storage, name in written:
                    storage.delete(name)
                raise
        call_command("update_index", verbosity=0)
        # Cached pages, navigation and sessions describe the database that was here before.
        cache.clear()
        counts = manifest["counts"]
        self.stdout.write(
            f"Restored {sum(counts.values())} rows of {len(counts)} models and "
            f"{len(manifest['files'])} files from {path} (backup of "
            f"{manifest['created_at']}); row counts and checksums match the manifest."
        )

    def _unpack(self, path, root) -> dict:
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(root, filter="data")  # no absolute paths, links or ".."
            data = (root / MANIFEST).read_bytes()
            checksum = (root / MANIFEST_SUM).read_text().strip()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise CommandError(f"{path} is not a readable backup archive ({exc}). "
                               "Nothing was changed.") from None
        if hashlib.sha256(data).hexdigest() != checksum:
            raise CommandError("The manifest does not match its checksum: the archive is "
                               "damaged or was altered. Nothing was changed.")
        manifest = json.loads(data)
        if manifest.get("format") != FORMAT:
            raise CommandError(f"This archive has format {manifest.get('format')!r}; this "
                               f"version reads format {FORMAT}. Nothing was changed.")
        bad = [name for name, item in [(DATABASE, manifest["database"]),
                                       *((self._key(item), item) for item in manifest["files"])]
               if self._checksum(self._member(root, item)) != item["sha256"]]
        if bad:
            raise CommandError(f"Checksum mismatch in the archive for {_listing(bad)}: it is "
                               "damaged or was altered. Nothing was changed.")
        return manifest

    @staticmethod
    def _key(item) -> str:
        return f"{item['storage']}:{item['name']}"

    @staticmethod
    def _member(root, item) -> Path:
        path = root / (item["file"] if "file" in item else f"files/{item['storage']}/{item['name']}")
        if not path.resolve().is_relative_to(root.resolve()):
            raise CommandError(f"The manifest names a file outside the archive: {path}.")
        return path

    @staticmethod
    def _checksum(path) -> str | None:
        try:
            with path.open("rb") as stream:
                return sha256_of(stream)
        except FileNotFoundError:
            return None

    def _check_database(self, manifest):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("This database is not fully migrated: run `manage.py migrate` "
                               "first, then restore. Nothing was changed.")
        ours = {tuple(item) for item in applied_migrations()}
        theirs = {tuple(item) for item in manifest["migrations"]}
        if ours != theirs:
            raise CommandError(
                "The backup was made at other migrations than this code has (only in the "
                f"backup: {_listing('.'.join(m) for m in sorted(theirs - ours)) or 'none'}; only "
                f"here: {_listing('.'.join(m) for m in sorted(ours - theirs)) or 'none'}). "
                "Restore with the code the backup was made with, then migrate. "
                "Nothing was changed."
            )
        in_use = [label(model) for model in dumped_models()
                  if label(model) not in SEEDED and model._base_manager.exists()]
        if in_use:
            raise CommandError(
                f"This database is not empty: it holds {_listing(in_use)}. Restore only goes "
                "into a freshly migrated, empty database. Nothing was changed."
            )

    def _check_storages(self, manifest) -> list[dict]:
        """The files still to write. One already there with the same content (a restore into
        the bucket that survived) is kept; a different one under that name is refused."""
        missing, clashes = [], []
        for item in manifest["files"]:
            if item["storage"] not in storages.backends:
                raise CommandError(f"The backup holds files of the storage {item['storage']!r}, "
                                   "which STORAGES does not configure. Nothing was changed.")
            storage = storages[item["storage"]]
            if not storage.exists(item["name"]):
                missing.append(item)
            else:
                with storage.open(item["name"], "rb") as stream:
                    if sha256_of(stream) != item["sha256"]:
                        clashes.append(self._key(item))
        if clashes:
            raise CommandError(f"The storages already hold other files under {_listing(clashes)}."
                               " Restore into empty storages. Nothing was changed.")
        return missing

    def _load(self, manifest, root):
        models = dumped_models()
        replaced = [model for model in models if model not in NATURAL]
        tables = {model._meta.db_table for model in replaced} | {
            field.remote_field.through._meta.db_table
            for model in replaced for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        }
        # The rows migrate seeded (root page, site, groups …) make way for the backup's own;
        # content types and permissions stay, and the backup's merge into them by natural key.
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True)
        )
        call_command("loaddata", str(root / DATABASE), verbosity=0)
        expected = manifest["counts"]
        found = {label(model): rows(model).count() for model in models}
        wrong = [f"{name} (expected {expected.get(name, 0)}, found {found.get(name, 0)})"
                 for name in sorted(expected.keys() | found.keys())
                 if expected.get(name, 0) != found.get(name, 0)]
        if wrong:
            raise CommandError(f"Row counts after loading differ from the manifest: "
                               f"{_listing(wrong)}. Nothing was restored.")

    def _write_files(self, manifest, missing, root, written):
        for item in missing:
            storage = storages[item["storage"]]
            with self._member(root, item).open("rb") as source:
                saved = storage.save(item["name"], File(source, name=item["name"]))
            written.append((storage, saved))
            if saved != item["name"]:
                raise CommandError(f"{item['storage']} stored {item['name']} as {saved}. "
                                   "Nothing was restored.")
        wrong = []
        for item in manifest["files"]:
            with storages[item["storage"]].open(item["name"], "rb") as stream:
                if sha256_of(stream) != item["sha256"]:
                    wrong.append(self._key(item))
        if wrong:
            raise CommandError(f"Checksums of the restored files differ from the manifest: "
                               f"{_listing(wrong)}. Nothing was restored.")
