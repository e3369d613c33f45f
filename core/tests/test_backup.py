"""Backup and restore (`core.backup`): a backup restored into a fresh installation, in another process, holds
every record and every uploaded file; a backup killed half-way leaves no archive; a restore refuses an installation
that holds data, and an archive that is not a backup. Runs on the leg's own database engine."""

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core import backup
from dossiers import domain as dossiers
from dossiers.models import DocumentKind
from dossiers.tests.factories import pdf_bytes, pdf_upload
from evaluation.tests.workflow.conftest import reference_data_kept  # noqa: F401
from producers.models import Producer

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def installed(reference_data_kept, transactional_db, media, alice, product_a):  # noqa: F811
    """Committed records (a producer, its product, a user) and an uploaded document with its file."""
    document, _result = dossiers.upload_document(
        producer=alice.producer,
        by=alice,
        upload=pdf_upload(b"backup"),
        kind=DocumentKind.TEST_REPORT,
        title="Kiểm nghiệm",
    )
    return document


def fresh_installation(tmp_path: Path):
    """The settings of an empty installation on the same engine: (environment, a way to read it, clean-up)."""
    env = {**os.environ, "MEDIA_ROOT": str(tmp_path / "fresh-media"), "DEBUG": "true"}
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"

        def query(sql):
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        return env, query, lambda: None
    import psycopg

    db = connection.settings_dict
    name = f"ocop_restore_{uuid.uuid4().hex[:8]}"
    conninfo = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"

    def query(sql):
        with psycopg.connect(dbname=name, **conninfo) as restored:
            return restored.execute(sql).fetchall()

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return env, query, drop


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )


def test_a_backup_restored_into_a_fresh_installation_holds_every_record_and_file(installed, tmp_path, alice):
    archive = backup.backup(directory=tmp_path / "backups")
    manifest = backup.read_manifest(archive)
    assert manifest["rows"]["producers_producer"] == Producer.objects.count() >= 1
    assert manifest["files"] == {installed.file.name: backup.media_files()[installed.file.name]}

    env, query, drop = fresh_installation(tmp_path)
    try:
        done = manage(env, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert "restored and checked" in done.stdout
        assert query("SELECT code FROM producers_producer") == [(alice.producer.code,)]
        assert query("SELECT COUNT(*) FROM areas_area") == [(manifest["rows"]["areas_area"],)]
        restored_file = Path(env["MEDIA_ROOT"]) / installed.file.name
        assert restored_file.read_bytes() == pdf_bytes(b"backup")

        again = manage(env, "restore", str(archive))
        assert again.returncode != 0 and "already holds data" in again.stderr
        assert manage(env, "restore", "--replace", str(archive)).returncode == 0
    finally:
        drop()


def test_a_backup_killed_half_way_leaves_no_archive(installed, tmp_path, monkeypatch):
    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as a signal would: no `except Exception` runs

    monkeypatch.setattr(tarfile.TarFile, "add", killed)
    with pytest.raises(KeyboardInterrupt):
        backup.backup(directory=tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []


def test_the_command_writes_an_archive_and_says_what_it_holds(installed, tmp_path, capsys):
    call_command("backup", directory=str(tmp_path / "out"))
    printed = capsys.readouterr().out
    archive = Path(printed.splitlines()[0])
    assert archive.parent == tmp_path / "out" and archive.suffix == ".tar"
    assert f"{connection.vendor} backup of" in printed and "1 files" in printed


def test_a_restore_refuses_what_is_not_a_backup_and_an_installation_with_data(installed, tmp_path):
    not_a_backup = tmp_path / "x.tar"
    not_a_backup.write_bytes(b"nothing")
    with pytest.raises(backup.BackupError, match="not an OCOP backup"):
        backup.restore(archive=not_a_backup)
    archive = backup.backup(directory=tmp_path / "backups")
    with pytest.raises(backup.BackupError, match="already holds data"):
        backup.restore(archive=archive)
