"""The database and files the fault tests share with the processes they kill, and those processes.

On PostgreSQL the child processes use the test database itself (the test is transactional, so what it wrote is
committed). On SQLite the test database lives in memory: `publish` copies it into a file the children open
(SQLite's online backup), and `collect` copies the file back, so that the test reads the outcome with the ORM."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# Generous: a condition waited for is expected within seconds; this only stops a broken test from hanging.
PATIENCE = 120


def wait_for(condition, *, what: str, process: subprocess.Popen | None = None):
    """Poll `condition` until it returns something true; fail if `process` ends first or after PATIENCE."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"the process ended ({process.returncode}) before {what}:\n{out[-4000:]}")
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


class World:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.sqlite = connection.vendor == "sqlite"
        db = connection.settings_dict
        if self.sqlite:
            self.file = tmp_path / "world.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            where = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            self.url = f"postgres://{db['USER']}:{db['PASSWORD']}@{where}/{db['NAME']}"
        self.children: list[subprocess.Popen] = []

    # --- the data -------------------------------------------------------------------------------------------
    def publish(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.close()

    def collect(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            source = sqlite3.connect(self.file)  # recovers what a killed writer left (hot journal or WAL)
            source.backup(connection.connection)
            source.close()

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read what the children committed, through a connection of the test's own (never the ORM's)."""
        if self.sqlite:
            reader = sqlite3.connect(self.file, timeout=30)
            try:
                return reader.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                reader.close()
        from django.db import connections

        reader = connections.create_connection("default")
        try:
            with reader.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            reader.close()

    # --- the processes --------------------------------------------------------------------------------------
    def env(self, pause: dict | None = None, **extra) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ocop.settings",
            "DATABASE_URL": self.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
            **extra,
        }
        for name in ("FAULT_PAUSE_SQL", "FAULT_PAUSE_AFTER", "FAULT_PAUSE_FILE"):
            env.pop(name, None)
        if pause:
            env["FAULT_PAUSE_SQL"] = pause["sql"]
            env["FAULT_PAUSE_AFTER"] = str(pause.get("after", 1))
            env["FAULT_PAUSE_FILE"] = str(pause["file"])
        return env

    def start(self, args: list[str], *, pause: dict | None = None, **extra) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            args, cwd=ROOT, env=self.env(pause, **extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.children.append(process)
        return process

    def manage(self, *args: str, pause: dict | None = None, **extra) -> subprocess.Popen:
        """`manage.py <args>` (through `faults.manage`, which installs the pause) in a process of its own."""
        return self.start([sys.executable, "-m", "faults.manage", *args], pause=pause, **extra)

    def worker(self, *, pause: dict | None = None) -> subprocess.Popen:
        """The task worker as production runs it (`db_worker`), processing what is queued, then exiting."""
        return self.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", pause=pause)

    def finish(self, process: subprocess.Popen) -> str:
        out, _err = process.communicate(timeout=PATIENCE)
        text = out.decode()
        assert process.returncode == 0, text[-4000:]
        return text

    def run_until_paused(self, start, *, sql: str, after: int = 1) -> subprocess.Popen:
        """Start a process (`start(pause=...)`), wait until it stands right after the `after`-th statement
        matching `sql`, and kill it there with SIGKILL."""
        marker = self.tmp / f"paused-{len(self.children)}"
        process = start(pause={"sql": sql, "after": after, "file": marker})
        wait_for(marker.exists, what=f"the pause after {sql!r}", process=process)
        kill(int(marker.read_text()))
        process.wait(timeout=PATIENCE)
        assert process.returncode == -signal.SIGKILL
        return process

    def close(self) -> None:
        # SIGTERM first: a gunicorn master stops its workers with it (killed, it would leave them orphaned).
        for process in self.children:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=PATIENCE)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=PATIENCE)


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
