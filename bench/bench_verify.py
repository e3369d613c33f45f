"""Benchmark of the public stamp verification page under a production server, against PostgreSQL: in ONE run,
at 1,000,000 and then at 10,000,000 stamps (the loader adds the 9,000,000 more), requests/s and p50/p99 of
`/s/<serial>` next to a bare Django view that looks one stamp up by primary key, on the same gunicorn server and
database, for the same random sample of stamps; the ratio verification/bare at each size and the p99 ratio of
the larger size to the smaller, against the goals (>= 0.9x the bare view at 1M, p99 within +-20 % from 1M to
10M). See bench/README_verify.md.

    bash scripts/start-postgres        # prints postgres://ocop:…@127.0.0.1:5432/ocop_test
    .venv/bin/python bench/bench_verify.py [--sizes 1000000,10000000] [--workers 4] [--connections 8] [--duration 20]

The database `ocop_bench_verify` is created on the same server (role `ocop`), migrated, given the reference data
and one producer with ten certified products, then filled with stamps by COPY (indexes and constraints dropped
during the copy and rebuilt after, then VACUUM FREEZE ANALYZE, as a table long in use would be). A run that
finds more stamps than its first size starts again from none. Before each size the scan log and counters are
emptied, so both sizes start from the same log. The load comes from wrk on loopback only, bounded by
--duration, in rounds alternating the views; the server is stopped after each size.

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
DATABASE = "ocop_bench_verify"

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


def database_url(arg: str | None) -> str:
    url = arg or os.environ.get("BENCH_DATABASE_URL")
    if not url:
        log("starting PostgreSQL (scripts/start-postgres)")
        url = subprocess.run(
            ["bash", str(ROOT / "scripts/start-postgres")], check=True, capture_output=True, text=True
        ).stdout.strip()
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def ensure_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not exists:
            log(f"creating database {DATABASE}")
            connection.execute(f"CREATE DATABASE \"{DATABASE}\" ENCODING 'UTF8' TEMPLATE template0")


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


def measure(env: dict, args, sample: list[tuple[int, str]], size: int) -> dict[str, dict]:
    """Serve, warm up, then `--rounds` rounds alternating bare / known / unknown; the median of each figure."""
    from stamps.serials import new_serials

    workdir = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    (workdir / "ids.txt").write_text("".join(f"{pk}\n" for pk, _serial in sample))
    (workdir / "serials.txt").write_text("".join(f"{serial}\n" for _pk, serial in sample))
    # Well-formed serials (valid check character) that no stamp has: 80 random bits never collide.
    (workdir / "unknown.txt").write_text("\n".join(new_serials(len(sample))) + "\n")
    (workdir / "verify.lua").write_text(WRK_VERIFY)
    (workdir / "bare.lua").write_text(WRK_BARE)
    targets = {
        "bare": (workdir / "bare.lua", [str(workdir / "ids.txt")]),
        "verify": (workdir / "verify.lua", [str(workdir / "serials.txt")]),
        "unknown": (workdir / "verify.lua", [str(workdir / "unknown.txt")]),
    }
    log(f"{size:,} stamps: gunicorn {args.workers} sync workers on 127.0.0.1:{args.port}, wrk {args.connections} conns")
    server = start_server(env, workers=args.workers, port=args.port)
    results: dict[str, list[dict]] = {name: [] for name in targets}
    try:
        load = {"connections": args.connections, "threads": args.threads}
        for script, script_args in targets.values():
            wrk(args.port, script, script_args, duration=args.warmup, **load)
        for round_number in range(args.rounds):
            for name, (script, script_args) in targets.items():
                result = wrk(args.port, script, script_args, duration=args.duration, **load)
                results[name].append(result)
                log(
                    f"{size:,} round {round_number + 1} {name}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} "
                    f"ms, p99 {result['p99']:.1f} ms, non-2xx {result['non2xx']} {result['socket']}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    # Rounds alternate between the views, so a noisy moment of the shared machine hits all of them.
    return {
        name: {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99", "non2xx")}
        for name, runs in results.items()
    }


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(args, figures: dict[int, dict], busy: dict[int, list[str]]) -> None:
    sizes = sorted(figures)
    labels = {
        "bare": "bare view (1 pk look-up)",
        "verify": "verification, known serials",
        "unknown": "verification, unknown codes",
    }
    print()
    print(
        f"PostgreSQL {DATABASE}; {'Redis' if args.redis_port else 'database'} cache and rate limits; "
        f"gunicorn {args.workers} workers; wrk {args.connections} conns; {args.duration} s x "
        f"{args.rounds} rounds per view, alternating (medians shown); {os.cpu_count()} CPU cores shared by all"
    )
    for size in sizes:
        print()
        print(f"{size:,} stamps   (before: {busy[size][0]})")
        print(f"{'':>14}(after:  {busy[size][1]})")
        print(f"{'view':<32}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
        for name, label in labels.items():
            r = figures[size][name]
            print(f"{label:<32}{r['rps']:>12.0f}{r['p50']:>10.1f}{r['p99']:>10.1f}{r['non2xx']:>10.0f}")
        ratio = figures[size]["verify"]["rps"] / figures[size]["bare"]["rps"]
        print(f"verification / bare throughput: {ratio:.2f}")
    print()
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
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install -y wrk")

    url = database_url(args.database_url)
    ensure_database(url)
    env = server_env(url)
    redis = None
    if args.redis_port:
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server not found: bash scripts/ensure-system-deps redis-server")
        redis = start_redis(args.redis_port)
        env["REDIS_URL"] = f"redis://127.0.0.1:{args.redis_port}/0"
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    sys.path.insert(0, str(ROOT))
    log(f"migrating {DATABASE}")
    manage(env, "migrate", "--noinput")

    import django

    django.setup()
    from django.db import connection

    from areas.models import Area

    if not Area.objects.exists():
        log("loading the reference data (administrative units, criteria)")
        manage(env, "load_reference_data")
    fixtures()
    count = stamp_count()
    if args.reload or count > sizes[0]:
        count = 0
    figures, busy = {}, {}
    try:
        for size in sizes:
            if count < size:
                fill(count, size, args.per_batch)
                count = size
            else:
                log(f"reusing {count:,} stamps already in {DATABASE}")
            sample = sample_stamps(args.sample)
            empty_scan_log()
            connection.close()
            before = load_average()
            figures[size] = measure(env, args, sample, size)
            busy[size] = [before, load_average()]
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    report(args, figures, busy)


if __name__ == "__main__":
    main()
