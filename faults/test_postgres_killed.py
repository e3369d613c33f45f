"""PostgreSQL itself killed with SIGKILL (its postmaster) while a stamp batch's worker stands inside the insert's
transaction, every stamp written and the batch marked issued. A private throw-away cluster, never the machine's:
after crash recovery no stamp is there and the batch is still "issuing"; resumed (`issue_stamps --resume`), it is
issued exactly once. PostgreSQL leg only, where Debian's PostgreSQL 15 binaries are installed."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from .test_stamps import MARKED_ISSUED, QUANTITY, queued_batch
from .world import free_port, kill, wait_for

BIN = Path("/usr/lib/postgresql/15/bin")

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL leg only"),
    pytest.mark.skipif(not (BIN / "initdb").exists(), reason="needs /usr/lib/postgresql/15/bin/initdb"),
]


def as_postgres(*args: str) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


class Cluster:
    def __init__(self, root: Path):
        self.data, self.sockets, self.port = root / "data", root / "sockets", free_port()
        self.log = root / "postgres.log"
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.sockets, "postgres")
        run(as_postgres(str(BIN / "initdb"), "-D", str(self.data), "--username=ocop", "--auth=trust", "-E", "UTF8"))
        self.url = f"postgres://ocop@127.0.0.1:{self.port}/ocop_flt_private"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=on"
        # After a kill the old backends take a moment to notice their postmaster is gone and leave.
        start = as_postgres(
            str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", str(self.log), "start"
        )
        wait_for(lambda: run(start, must=False) == 0, what="the private PostgreSQL starting")

    def postmaster(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        run(as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"), must=False)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url) as reader:
            return reader.execute(sql, params).fetchall()


def run(args: list[str], *, must: bool = True, **kwargs) -> int:
    done = subprocess.run(args, capture_output=True, check=False, **kwargs)  # noqa: S603 (our own commands)
    assert done.returncode == 0 or not must, done.stderr.decode()[-4000:]
    return done.returncode


def test_postgres_killed_mid_batch_recovers_with_no_stamp_and_the_batch_resumes_once(
    world, certified_a, alice, tmp_path
):
    batch = queued_batch(certified_a, alice)
    # Not under tmp_path: pytest makes its directories readable by their owner only, and the cluster runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="ocop-faults-pg-"))
    cluster = Cluster(root)
    cluster.start()
    try:
        # The test database as it is now (the queued batch and its task) into the private cluster.
        dump = tmp_path / "world.dump"
        env = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
        run(
            [str(BIN / "pg_dump"), "-Fc", "-f", str(dump), "-d", world.url.replace("postgres://", "postgresql://")],
            env=env,
        )
        run([str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "ocop", "ocop_flt_private"])
        run(
            [
                str(BIN / "pg_restore"),
                "--no-owner",
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "ocop",
                "-d",
                "ocop_flt_private",
                str(dump),
            ]
        )
        world.url = cluster.url

        marker = tmp_path / "paused-worker"
        worker = world.worker(pause={"sql": MARKED_ISSUED, "file": marker})
        wait_for(marker.exists, what="the worker inside the insert", process=worker)
        kill(cluster.postmaster())
        kill(int(marker.read_text()))
        worker.wait(timeout=60)
        assert worker.returncode == -signal.SIGKILL

        cluster.start()  # crash recovery
        stamps = cluster.query("SELECT COUNT(*) FROM stamps_stamp WHERE batch_id = %s", (batch.pk,))
        status = cluster.query("SELECT status FROM stamps_stampbatch WHERE id = %s", (batch.pk,))
        assert (stamps, status) == ([(0,)], [("issuing",)])

        world.finish(
            world.manage(
                "issue_stamps", "--resume", batch.code, "--as", alice.username, STAMP_ISSUING_STALE_MINUTES="0"
            )
        )
        serials = cluster.query(
            "SELECT COUNT(*), COUNT(DISTINCT serial) FROM stamps_stamp WHERE batch_id = %s", (batch.pk,)
        )
        status = cluster.query("SELECT status FROM stamps_stampbatch WHERE id = %s", (batch.pk,))
        issued = cluster.query(
            "SELECT COUNT(*) FROM audit_auditentry WHERE action = 'issue' AND object_id = %s", (str(batch.pk),)
        )
        assert (serials, status, issued) == ([(QUANTITY, QUANTITY)], [("issued",)], [(1,)])
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
