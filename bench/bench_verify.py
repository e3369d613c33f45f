"""Benchmark of the public stamp verification page under a production server, against PostgreSQL: in ONE run,
at 1,000,000 and at 10,000,000 stamps (one database each, both served at once), requests/s and p50/p99 of
`/s/<serial>` next to a bare Django view that looks one stamp up by primary key, on the same kind of gunicorn
server and database, for the same random sample of stamps; the ratio verification/bare at each size and the p99
ratio of the larger size to the smaller, against the goals (>= 0.9x the bare view at 1M, p99 within +-20 % from
1M to 10M). See bench/README_verify.md.

    bash scripts/start-postgres        # prints postgres://ocop:…@127.0.0.1:5432/ocop_test
    .venv/bin/python bench/bench_verify.py [--sizes 1000000,10000000] [--workers 4] [--connections 8] [--duration 20]

Each size has its own database, `ocop_bench_verify_<size>`, on the same server (role `ocop`): migrated, given
the reference data and one producer with ten certified products, then filled with stamps by COPY (indexes and
constraints dropped during the copy and rebuilt after, then VACUUM FREEZE ANALYZE, as a table long in use
would be); a database already holding its size is reused. Before measuring, each database's scan log and
counters are emptied. One gunicorn server per database runs for the whole measurement, and the load (wrk on
loopback, bounded by --duration) goes to one at a time, in rounds that alternate the sizes and, within a
size, the views: a busy moment of the shared machine falls on both sizes alike, not on whichever came second.

Imported as DJANGO_SETTINGS_MODULE=bench_verify (by the gunicorn workers this script starts), this module is
the benchmark's settings: the project's settings, plus a URLconf that adds the bare view (`/bare/<pk>`) in
front of the project's URLs, and a look-up limit high enough for a load test. The app itself is unchanged.
"""

import os

if os.environ.get("DJANGO_SETTINGS_MODULE") == "bench_verify":  # the gunicorn workers' settings and URLconf
    from ocop.settings import *  # noqa: F403

    ROOT_URLCONF = "bench_verify"
    STAMP_LOOKUP_RATE_PER_MINUTE = 10**9  # one client (wrk) sends everything: keep the limiter, never trip it
    STORAGES = {  # no collectstatic for a benchmark: plain static URLs
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    def bare(request, pk: int):
        """The yardstick: one primary-key look-up through the ORM, a tiny response."""
        from django.http import HttpResponse

        from stamps.models import Stamp

        serial = Stamp.objects.filter(pk=pk).values_list("serial", flat=True).first()
        return HttpResponse(serial or "-", content_type="text/plain")

    def __getattr__(name: str):
        # The URLconf, built when the resolver first asks for it (the project's URLs import models, which
        # cannot be imported while settings load).
        if name == "urlpatterns":
            from django.urls import include, path

            globals()["urlpatterns"] = [path("bare/<int:pk>", bare), path("", include("ocop.urls"))]
            if os.environ.get("BENCH_WITHOUT_RECORD"):
                # --without-record, a diagnostic: what the durable write of each check costs under load.
                import stamps.scanning

                stamps.scanning.record_scan = lambda **kwargs: None
            return globals()["urlpatterns"]
        raise AttributeError(name)


import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from verify_data import empty_scan_log, fill, fixtures, log, sample_stamps, stamp_count

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DATABASE_PREFIX = "ocop_bench_verify_"


def database_name(size: int) -> str:
    return f"{DATABASE_PREFIX}{size}"


WRK_VERIFY = """
local serials = {}
init = function(args)
  for line in io.lines(args[1]) do serials[#serials + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
request = function() return wrk.format("GET", "/s/" .. serials[math.random(#serials)]) end
"""
WRK_BARE = """
local ids = {}
init = function(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
request = function() return wrk.format("GET", "/bare/" .. ids[math.random(#ids)]) end
"""
GOAL_RATIO = 0.9  # verification / bare throughput at the smaller size
GOAL_P99_DRIFT = 0.2  # verification p99 at the larger size within +-20 % of the smaller's


def server_url(arg: str | None) -> str:
    url = arg or os.environ.get("BENCH_DATABASE_URL")
    if not url:
        log("starting PostgreSQL (scripts/start-postgres)")
        url = subprocess.run(
            ["bash", str(ROOT / "scripts/start-postgres")], check=True, capture_output=True, text=True
        ).stdout.strip()
    return url


def database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def ensure_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = database_url(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def server_env(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-verify-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",  # persistent connections, as production runs
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "false",
    }


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command, "-v", "0"], check=True, env=env, cwd=ROOT)


# --- serving and loading ---------------------------------------------------------------------------------


def start_redis(port: int) -> subprocess.Popen:
    """A private Redis, as production runs one (scripts/prod): the shared cache and the rate limits' counters.
    Nothing on disk; stopped at the end."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
    for _ in range(50):
        time.sleep(0.1)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("redis-server exited") from None
    process.terminate()
    raise SystemExit("redis-server did not answer")


def start_server(env: dict, *, workers: int, port: int) -> subprocess.Popen:
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_verify", "PYTHONPATH": f"{BENCH}:{ROOT}"}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
        "ocop.wsgi:application",
    ]
    process = subprocess.Popen(command, env=server_env, cwd=ROOT, start_new_session=True)
    for _ in range(60):
        time.sleep(0.5)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited") from None
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


def wrk(port: int, script: Path, args: list[str], *, duration: int, connections: int, threads: int) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
        "--",
        *args,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", output)
    p50_ms = float(p50.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": rps,
        "p50": p50_ms,
        "p99": p99_ms,
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket": socket_errors.group(0) if socket_errors else "",
        "raw": output,
    }


def write_targets(workdir: Path, sample: list[tuple[int, str]]) -> None:
    """The load's inputs for one size: stamp ids for the bare view, their serials, and unknown codes."""
    from stamps.serials import new_serials

    (workdir / "ids.txt").write_text("".join(f"{pk}\n" for pk, _serial in sample))
    (workdir / "serials.txt").write_text("".join(f"{serial}\n" for _pk, serial in sample))
    # Well-formed serials (valid check character) that no stamp has: 80 random bits never collide.
    (workdir / "unknown.txt").write_text("\n".join(new_serials(len(sample))) + "\n")
    (workdir / "verify.lua").write_text(WRK_VERIFY)
    (workdir / "bare.lua").write_text(WRK_BARE)


def targets_of(workdir: Path) -> dict[str, tuple[Path, list[str]]]:
    return {
        "bare": (workdir / "bare.lua", [str(workdir / "ids.txt")]),
        "verify": (workdir / "verify.lua", [str(workdir / "serials.txt")]),
        "unknown": (workdir / "verify.lua", [str(workdir / "unknown.txt")]),
    }


def measure(envs: dict[int, dict], workdirs: dict[int, Path], args) -> tuple[dict[int, dict], list[str]]:
    """Serve every size at once (one gunicorn each), warm each up, then `--rounds` rounds that alternate the
    sizes and, within a size, bare / known / unknown; the median of each figure per size and view."""
    sizes = sorted(envs)
    ports = {size: args.port + index for index, size in enumerate(sizes)}
    servers = {}
    results: dict[int, dict[str, list[dict]]] = {size: {name: [] for name in targets_of(Path())} for size in sizes}
    busy = [load_average()]
    try:
        for size in sizes:
            log(f"{size:,} stamps: gunicorn {args.workers} sync workers on 127.0.0.1:{ports[size]}")
            servers[size] = start_server(envs[size], workers=args.workers, port=ports[size])
        load = {"connections": args.connections, "threads": args.threads}
        for size in sizes:
            for script, script_args in targets_of(workdirs[size]).values():
                wrk(ports[size], script, script_args, duration=args.warmup, **load)
        for round_number in range(args.rounds):
            for size in sizes:
                for name, (script, script_args) in targets_of(workdirs[size]).items():
                    result = wrk(ports[size], script, script_args, duration=args.duration, **load)
                    results[size][name].append(result)
                    log(
                        f"{size:,} round {round_number + 1} {name}: {result['rps']:.0f} req/s, p50 "
                        f"{result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, non-2xx {result['non2xx']} "
                        f"{result['socket']}"
                    )
            busy.append(load_average())
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.wait(timeout=30)
    # Rounds alternate between the sizes and the views, so a noisy moment of the shared machine hits all of them.
    figures = {
        size: {
            name: {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99", "non2xx")}
            for name, runs in results[size].items()
        }
        for size in sizes
    }
    return figures, busy


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(args, figures: dict[int, dict], busy: list[str]) -> None:
    sizes = sorted(figures)
    labels = {
        "bare": "bare view (1 pk look-up)",
        "verify": "verification, known serials",
        "unknown": "verification, unknown codes",
    }
    print()
    print(
        f"PostgreSQL, one database per size ({DATABASE_PREFIX}<size>); "
        f"{'Redis' if args.redis_port else 'database'} cache and rate limits; gunicorn {args.workers} workers "
        f"per size; wrk {args.connections} conns; {args.duration} s x {args.rounds} rounds per size and view, "
        f"alternating (medians shown); {os.cpu_count()} CPU cores shared by all"
    )
    if args.without_record:
        print("DIAGNOSTIC (--without-record): checks were NOT recorded; not the app, the goals are not judged")
    if args.connection_per_request:
        print("DIAGNOSTIC (--connection-per-request): a connection per request; not production, goals not judged")
    print("load average before and after each round:")
    for line in busy:
        print(f"  {line}")
    for size in sizes:
        print()
        print(f"{size:,} stamps")
        print(f"{'view':<32}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
        for name, label in labels.items():
            r = figures[size][name]
            print(f"{label:<32}{r['rps']:>12.0f}{r['p50']:>10.1f}{r['p99']:>10.1f}{r['non2xx']:>10.0f}")
        ratio = figures[size]["verify"]["rps"] / figures[size]["bare"]["rps"]
        print(f"verification / bare throughput: {ratio:.2f}")
    print()
    if args.without_record or args.connection_per_request:
        return
    small, large = sizes[0], sizes[-1]
    ratio = figures[small]["verify"]["rps"] / figures[small]["bare"]["rps"]
    met = ratio >= GOAL_RATIO
    print(f"goal: verification >= {GOAL_RATIO}x bare at {small:,}: {ratio:.2f}x, {'met' if met else 'NOT met'}")
    if large != small:
        drift = figures[large]["verify"]["p99"] / figures[small]["verify"]["p99"]
        bare_drift = figures[large]["bare"]["p99"] / figures[small]["bare"]["p99"]
        flat = abs(drift - 1) <= GOAL_P99_DRIFT
        print(
            f"goal: verification p99 {large:,} / {small:,} within 1 +- {GOAL_P99_DRIFT}: {drift:.2f}, "
            f"{'met' if flat else 'NOT met'} (bare view: {bare_drift:.2f})"
        )


def prepare(args) -> None:
    """In a process of its own (its DATABASE_URL names one size's database): migrate, fill to `--prepare`
    stamps, empty the scan log, and write the load's inputs to `--into`."""
    size, workdir = args.prepare, Path(args.into)
    env = dict(os.environ)
    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    log(f"migrating {name}")
    manage(env, "migrate", "--noinput")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.db import connection

    from areas.models import Area

    if not Area.objects.exists():
        log("loading the reference data (administrative units, criteria)")
        manage(env, "load_reference_data")
    fixtures()
    count = stamp_count()
    if args.reload or count > size:
        count = 0
    if count < size:
        fill(count, size, args.per_batch)
    else:
        log(f"reusing {count:,} stamps already in {name}")
    write_targets(workdir, sample_stamps(args.sample))
    empty_scan_log()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL of a role with CREATEDB (default: start-postgres)")
    parser.add_argument("--sizes", default="1000000,10000000", help="stamp counts to measure at, ascending")
    parser.add_argument("--per-batch", type=int, default=100_000)
    parser.add_argument("--reload", action="store_true", help="copy the stamps again from none")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per view and round")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load per view before measuring")
    parser.add_argument("--rounds", type=int, default=3, help="measure the views alternately this often")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redis-port", type=int, default=6392, help="the private Redis (0: none, database cache)")
    parser.add_argument("--sample", type=int, default=100_000, help="stamps the load picks from")
    parser.add_argument(
        "--without-record",
        action="store_true",
        help="diagnostic: the servers skip recording checks (not the app; shows what the durable write costs)",
    )
    parser.add_argument(
        "--connection-per-request",
        action="store_true",
        help="diagnostic: the servers open a database connection per request (DB_CONN_MAX_AGE=0), as the settings "
        "did before issue 14, when the page measured 0.77x the bare view",
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)  # one size's database, in a subprocess
    parser.add_argument("--into", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args)
        return
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk")
    if args.redis_port and not shutil.which("redis-server"):
        raise SystemExit("redis-server not found: bash scripts/ensure-system-deps redis-server")

    server = server_url(args.database_url)
    envs, workdirs = {}, {}
    redis = start_redis(args.redis_port) if args.redis_port else None
    try:
        for index, size in enumerate(sizes):
            url = database_url(server, database_name(size))
            ensure_database(url)
            envs[size] = server_env(url)
            if args.without_record:
                envs[size]["BENCH_WITHOUT_RECORD"] = "1"
            if args.connection_per_request:
                envs[size]["DB_CONN_MAX_AGE"] = "0"
            if redis is not None:
                envs[size]["REDIS_URL"] = f"redis://127.0.0.1:{args.redis_port}/{index}"  # one Redis database each
            workdirs[size] = Path(tempfile.mkdtemp(prefix=f"bench-verify-{size}-"))
            command = [sys.executable, __file__, "--prepare", str(size), "--into", str(workdirs[size])]
            command += ["--per-batch", str(args.per_batch), "--sample", str(args.sample)]
            command += ["--reload"] if args.reload else []
            subprocess.run(command, check=True, env={**envs[size], "DJANGO_SETTINGS_MODULE": "ocop.settings"})
        figures, busy = measure(envs, workdirs, args)
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        for workdir in workdirs.values():
            shutil.rmtree(workdir, ignore_errors=True)
    report(args, figures, busy)


if __name__ == "__main__":
    main()
