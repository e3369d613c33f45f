"""The reports read a real streaming replica (core.databases): a private primary and a hot standby made from it
with `pg_basebackup -R`, both throw-away clusters (never the machine's). A certificate issued on the primary is
read in the report (`/api/v1/statistics/certificates/`) once the standby has replayed it; with the standby's
replay paused, a second certificate is in the primary's report and not yet in the replica's. PostgreSQL leg
only, where Debian's PostgreSQL 15 binaries are installed."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from .test_postgres_killed import BIN, Cluster, as_postgres, run
from .world import wait_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL leg only"),
    pytest.mark.skipif(not (BIN / "initdb").exists(), reason="needs /usr/lib/postgresql/15/bin/initdb"),
]

ISSUE = """
import datetime
from django.utils import timezone
from products.models import Product
from dossiers.tests.factories import make_certificate
product = Product.objects.get(code="{product}")
make_certificate(product, expires_on=timezone.localdate() + datetime.timedelta(days=90), number="{number}")
"""
REPORT = """
from django.test import Client
from accounts.models import User
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="minh"))
response = client.get("/api/v1/statistics/certificates/", secure=True)
assert response.status_code == 200, response.content[:500]
import json
print("REPORT" + json.dumps([row[0] for row in response.json()["tables"][0]["rows"]]))
"""


class Standby(Cluster):
    """A hot standby of `primary`, copied by pg_basebackup -R (primary_conninfo and standby.signal written)."""

    def __init__(self, root: Path, primary: Cluster):
        # No initdb: the data directory is the primary's copy.
        from .world import free_port

        self.data, self.sockets, self.port = root / "data", root / "sockets", free_port()
        self.log = root / "postgres.log"
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.sockets, "postgres")
        backup = [str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "ocop"]
        # `--checkpoint fast`: by default the copy waits for the primary's next spread checkpoint, up to
        # checkpoint_timeout × checkpoint_completion_target (4.5 minutes; the test took 250 s in CI).
        backup += ["--checkpoint", "fast"]
        run(as_postgres(*backup, "-D", str(self.data), "-R", "-X", "stream"))
        self.url = f"postgres://ocop@127.0.0.1:{self.port}/ocop_flt_private"


def report(world, **env) -> list[str]:
    out = world.finish(
        world.manage("shell", "-c", REPORT, TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend", **env)
    )
    return json.loads(out.split("REPORT", 1)[1].strip().splitlines()[0])


def issue(world, product, number: str) -> None:
    code = ISSUE.format(product=product.code, number=number)
    world.finish(world.manage("shell", "-c", code, TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend"))


def test_the_report_reads_a_certificate_from_the_streaming_replica(world, minh, product_a, product_b, tmp_path):
    # Not under tmp_path: pytest makes its directories readable by their owner only, and the clusters run as postgres.
    roots = [Path(tempfile.mkdtemp(prefix=f"ocop-faults-{name}-")) for name in ("primary", "standby")]
    primary = Cluster(roots[0])
    primary.start()
    standby = None
    try:
        dump = tmp_path / "world.dump"
        env = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
        run(
            [str(BIN / "pg_dump"), "-Fc", "-f", str(dump), "-d", world.url.replace("postgres://", "postgresql://")],
            env=env,
        )
        where = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "ocop"]
        run([str(BIN / "createdb"), *where, "ocop_flt_private"])
        run([str(BIN / "pg_restore"), "--no-owner", *where, "-d", "ocop_flt_private", str(dump)])
        standby = Standby(roots[1], primary)
        standby.start()
        world.url = primary.url

        issue(world, product_a, "R-1/OCOP")
        wait_for(
            lambda: standby.query("SELECT count(*) FROM certificates_certificate WHERE number = 'R-1/OCOP'") == [(1,)],
            what="the standby replaying the first certificate",
        )
        assert report(world, DATABASE_REPLICA_URL=standby.url) == ["R-1/OCOP"]

        standby.query("SELECT pg_wal_replay_pause()")
        issue(world, product_b, "R-2/OCOP")
        assert sorted(report(world)) == ["R-1/OCOP", "R-2/OCOP"]  # the primary's
        assert report(world, DATABASE_REPLICA_URL=standby.url) == ["R-1/OCOP"]  # the replica, behind

        standby.query("SELECT pg_wal_replay_resume()")
        wait_for(
            lambda: sorted(report(world, DATABASE_REPLICA_URL=standby.url)) == ["R-1/OCOP", "R-2/OCOP"],
            what="the standby catching up",
        )
    finally:
        if standby is not None:
            standby.stop()
        primary.stop()
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)
