"""Backups of a whole installation, and restoring one into a fresh installation: the database and the uploaded
files (MEDIA_ROOT: dossiers' documents, product images, stamp print files, inspection evidence) in one archive.

An archive is a tar file holding:

- the database: `database.sqlite3`, a copy made by SQLite's online backup (consistent while the app runs), or
  `database.pgdump`, `pg_dump`'s custom format, taken inside a transaction whose snapshot it shares;
- `media/`: every uploaded file;
- `manifest.json`: when and from which engine, the last migration of each app, the number of rows of every
  table and the SHA-256 of every file — what a restore checks it got back.

A backup is written under a temporary name and renamed when whole: one killed half-way leaves no archive that
looks complete. A restore refuses an installation that already holds data (unless told to replace it), loads the
database in one transaction (PostgreSQL: `pg_restore`'s script run by `psql --single-transaction` after emptying
the schema; SQLite: the online backup into the database file), unpacks the files, then compares rows and
checksums with the manifest and says what differs."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class Restored:
    archive: Path
    rows: int
    files: int
    differences: list[str] = field(default_factory=list)


def _tables() -> list[str]:
    models = apps.get_models(include_auto_created=True)
    existing = set(connection.introspection.table_names())
    return sorted({m._meta.db_table for m in models if m._meta.managed and m._meta.db_table in existing})


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (the models' own tables)
    return cursor.fetchone()[0]


def row_counts() -> dict[str, int]:
    """Rows per table of the installation's models, as the manifest records them."""
    with connection.cursor() as cursor:
        return {table: _count(cursor, table) for table in _tables()}


def _migrations() -> dict[str, str]:
    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        last[app] = max(name, last.get(app, ""))
    return dict(sorted(last.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path | None = None) -> dict[str, str]:
    """Every uploaded file under MEDIA_ROOT (symbolic links left out), by its path there: its SHA-256."""
    root = Path(root or settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = _sha256(path)
    return found


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _run(command: list[str], **kwargs) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, env=_pg_env(), **kwargs)  # noqa: S603
    except FileNotFoundError as missing:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from missing
    except subprocess.CalledProcessError as failed:
        raise BackupError(f"{command[0]} failed: {failed.stderr.strip()}") from failed


def _dump_database(directory: Path) -> tuple[str, dict[str, int]]:
    """The database into `directory`, and the row counts of that same state."""
    if connection.vendor == "sqlite":
        target = directory / SQLITE_FILE
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            tables = _tables()
            counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        finally:
            copy.close()
        return SQLITE_FILE, counts
    if connection.vendor == "postgresql":
        target = directory / PG_FILE
        # The counts and the dump read one snapshot: what the manifest says is what the dump holds.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = {table: _count(cursor, table) for table in _tables()}
            name = connection.settings_dict["NAME"]
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target}", name])  # fmt: skip
        return PG_FILE, counts
    raise BackupError(f"no backup for a {connection.vendor} database")


def backup(*, directory: Path) -> Path:
    """Write an archive of the installation into `directory`; returns its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    final = directory / f"ocop-backup-{created:%Y%m%dT%H%M%S%fZ}.tar"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work = Path(work)
        database, counts = _dump_database(work)
        files = media_files()
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "engine": connection.vendor,
            "database": database,
            "migrations": _migrations(),
            "rows": counts,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = work / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            archive.add(work / database, database)
            media = Path(settings.MEDIA_ROOT)
            for name in files:
                archive.add(media / name, f"{MEDIA}/{name}")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, final)
    return final


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as broken:
        raise BackupError(f"{archive} is not an OCOP backup: {broken}") from broken
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: backup format {manifest.get('format')} is not {FORMAT}")
    return manifest


# Records that only a used installation holds (the reference data of a fresh one, units and sheets, do not count).
OWN_RECORDS = ("accounts_user", "producers_producer", "dossiers_application")


def holds_data() -> bool:
    """The installation has records of its own, beyond a fresh one's reference data."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return any(_count(cursor, table) for table in OWN_RECORDS if table in tables)


def _load_sqlite(source: Path) -> None:
    connection.close()
    target = connection.settings_dict["NAME"]
    if str(target).startswith("file:") or target == ":memory:":
        raise BackupError("restore into a database file, not an in-memory database")
    incoming = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    try:
        incoming.backup(destination)
    finally:
        destination.close()
        incoming.close()


def _load_postgresql(source: Path) -> None:
    """The dump as one SQL script, run by psql in one transaction after emptying the schema. Not `pg_restore
    --clean`: it drops a partition's inherited primary key before its parent's, which PostgreSQL refuses (the
    scan log is partitioned by month), so replacing a database that holds one failed."""
    connection.close()
    name = connection.settings_dict["NAME"]
    script = source.with_suffix(".sql")
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(source)])
    try:
        _run(["psql", "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", f"--dbname={name}",
              "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public", "-f", str(script)])  # fmt: skip
    finally:
        script.unlink(missing_ok=True)


def _unpack_media(tar: tarfile.TarFile, names: list[str]) -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        member = tar.getmember(f"{MEDIA}/{name}")
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a restore killed half-way leaves no truncated file.
        partial = target.with_name(f".{target.name}.restoring")
        with tar.extractfile(member) as source, open(partial, "wb") as out:
            shutil.copyfileobj(source, out)
        os.replace(partial, target)


def _check(manifest: dict) -> list[str]:
    differences = []
    counts = row_counts()
    for table, expected in manifest["rows"].items():
        if counts.get(table) != expected:
            differences.append(f"table {table}: {counts.get(table)} rows, the backup had {expected}")
    present = media_files()
    for name, digest in manifest["files"].items():
        if present.get(name) != digest:
            differences.append(f"file {name}: {'changed' if name in present else 'missing'}")
    return differences


def restore(*, archive: Path, replace: bool = False) -> Restored:
    """Load `archive` into this installation (its DATABASE_URL and MEDIA_ROOT), then check it."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; this installation uses {connection.vendor}"
        )
    if holds_data() and not replace:
        raise BackupError("this installation already holds data: restore into a fresh one, or pass --replace")
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as work, tarfile.open(archive) as tar:
        database = Path(work) / manifest["database"]
        with tar.extractfile(manifest["database"]) as source, open(database, "wb") as out:
            shutil.copyfileobj(source, out)
        if connection.vendor == "sqlite":
            _load_sqlite(database)
        else:
            _load_postgresql(database)
        _unpack_media(tar, list(manifest["files"]))
    return Restored(
        archive=archive,
        rows=sum(manifest["rows"].values()),
        files=len(manifest["files"]),
        differences=_check(manifest),
    )


def describe(manifest: dict) -> str:
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return (
        f"{manifest['engine']} backup of {created:%Y-%m-%d %H:%M} UTC: {sum(manifest['rows'].values())} rows in "
        f"{len(manifest['rows'])} tables, {len(manifest['files'])} files"
    )
