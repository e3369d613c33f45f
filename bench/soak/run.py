"""The load and soak test of the production shape (bench/soak/README.md): checks the deployment of scripts/prod
(starts it when it is down), makes the soak's API tokens and stamp list (bench/soak/plan.py), runs locust headless
at a fixed rate through nginx on loopback, samples the memory of every process of the deployment every few seconds
into a CSV, then prints per route the count, errors and p50/p95/p99, the errors the servers logged, and each
process's memory at the start, middle and end with its slope.

    .venv/bin/python bench/soak/run.py [--minutes 30] [--rate 6] [--memory-bound-mb 25] [--stop]
    .venv/bin/python bench/soak/run.py --find-rate [--steps 5,10,...] [--step-seconds 60] [--no-soak]
    make soak SOAK_MINUTES=30 SOAK_RATE=6

--find-rate first benchmarks the rate: the mix in steps of rising rate, until a step is not held (a failed request
or a server error, less than 95 % of its rate sent, or a p95 over --p95-bound-ms); the soak then runs at the highest
step held.

Exit 1 on any failed request (locust's checks: status, content, a lost session), any 5xx in nginx's log or error
in the app servers' logs during the run, or a process whose private memory (USS) grew by more than the bound
between the end of the warm-up and the end. For the run, through the deployment's own env file, put back after: the
stamp look-up limit per client is raised (STAMP_LOOKUP_RATE_PER_MINUTE, to twice what the load could send; the
limiter itself runs on every request), and workers are not replaced (GUNICORN_MAX_REQUESTS=0), so that a leak shows
in their memory instead of being recycled away."""

import argparse
import csv
import math
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mix
from memory import Sampler, memory_report

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
RUN = Path(os.getenv("OCOP_PROD_DIR", ROOT / "var" / "prod"))
PORT = os.getenv("OCOP_PROD_PORT", "8280")
APP_PORTS = os.getenv("OCOP_PROD_APP_PORTS", "8281 8282").split()
BASE = f"http://127.0.0.1:{PORT}"
LOOKUP_SETTING = "STAMP_LOOKUP_RATE_PER_MINUTE"
RECYCLE_SETTING = "GUNICORN_MAX_REQUESTS"


def log(message: str) -> None:
    print(f"soak: {message}", flush=True)


def prod(*args: str, env: dict | None = None) -> int:
    return subprocess.run(["bash", "scripts/prod", *args], cwd=ROOT, env=env, check=False).returncode


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def read_env() -> dict[str, str]:
    lines = (RUN / "env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def with_setting(lines: list[str], name: str, line: str) -> list[str]:
    """The env file's lines with `name`'s line replaced by `line` ("": the setting removed)."""
    return [kept for kept in lines if not kept.startswith(f"{name}=")] + ([line] if line else [])


# --- the deployment and its look-up limit -----------------------------------------------------------------------


class Deployment:
    """Starts the deployment when it is down; for the run, the look-up limit the load needs and workers that are
    never replaced (GUNICORN_MAX_REQUESTS=0: a leak then shows in their memory instead of being recycled away);
    puts the env file back after."""

    def __init__(self, lookups_per_minute: int) -> None:
        self.needed = lookups_per_minute
        self.old_lines: dict[str, str] = {}  # setting -> its line before the run ("": not set); empty: unchanged
        self.started = False

    def run_settings(self, current: dict[str, str]) -> dict[str, str]:
        """The settings the run needs that the env does not have yet."""
        wanted = {}
        if int(current.get(LOOKUP_SETTING) or 60) < self.needed:
            wanted[LOOKUP_SETTING] = str(self.needed)
        if current.get(RECYCLE_SETTING) != "0":
            wanted[RECYCLE_SETTING] = "0"
        return wanted

    def set_for_run(self) -> bool:
        """Write the run's settings into an existing env; True if it changed."""
        env_file = RUN / "env"
        if not env_file.exists():
            return False
        wanted = self.run_settings(read_env())
        lines = env_file.read_text().splitlines()
        for name, value in wanted.items():
            self.old_lines[name] = next((line for line in lines if line.startswith(f"{name}=")), "")
            lines = with_setting(lines, name, f"{name}={value}")
            log(f"{env_file}: {name}={value} for the run (was {self.old_lines[name] or 'the default'})")
        env_file.write_text("\n".join(lines) + "\n")
        return bool(wanted)

    def up(self) -> None:
        changed = self.set_for_run()
        running = (RUN / "env").exists() and prod("status") == 0
        if not running:
            log("the deployment is not running: make prod-up")
            given = "\n".join(f"{name}={value}" for name, value in self.run_settings({}).items())
            env = os.environ | {"OCOP_PROD_SETTINGS": given}
            command = ["make", "--no-print-directory", "prod-up"]
            if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
                raise SystemExit("soak: make prod-up failed")
            self.started = True
        elif changed:
            log("reloading the app servers for the run's settings (scripts/prod reload)")
            if prod("reload") != 0:
                raise SystemExit("soak: scripts/prod reload failed")
        still_needed = self.run_settings(read_env())
        if still_needed:
            raise SystemExit(f"soak: {RUN}/env lacks {still_needed} for the run")

    def restore(self, *, stopping: bool) -> None:
        if not self.old_lines:
            return
        env_file = RUN / "env"
        lines = env_file.read_text().splitlines()
        for name, old_line in self.old_lines.items():
            lines = with_setting(lines, name, old_line)
            log(f"{env_file}: {old_line or name + ' removed'} again")
        env_file.write_text("\n".join(lines) + "\n")
        if not stopping:
            prod("reload")


def warm_up_workers() -> None:
    """A new worker's first pages cost seconds (templates compiled, translations read): pay that before the clock,
    as scripts/prod reload does, a few requests per worker of each app server."""
    workers = int(read_env().get("WEB_CONCURRENCY", "2"))
    for port in APP_PORTS:
        for path in ["/", "/san-pham-ocop/", "/tai-khoan/dang-nhap/", "/su-kien/"] * (workers * 2):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()
            except OSError as error:
                log(f"warm-up {port}{path}: {error}")


# --- results ----------------------------------------------------------------------------------------------------


def route_report(stats_csv: Path) -> tuple[int, int]:
    """Print count, errors, p50/p95/p99 per route; returns (requests, failures) in all."""
    rows = list(csv.DictReader(stats_csv.open()))
    print(f"\n{'route':<46} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = f"{row['Type']} {row['Name']}".strip() if row["Name"] != "Aggregated" else "all routes"
        print(
            f"{name:<46} {row['Request Count']:>7} {row['Failure Count']:>6} {row['50%']:>7} {row['95%']:>7} "
            f"{row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    total = aggregated(stats_csv)
    return int(total["Request Count"]), int(total["Failure Count"])


def server_errors(offsets: dict[Path, int]) -> list[str]:
    """5xx in nginx's access log and ERROR lines in the app servers' and worker's logs, since the run started."""
    found = []
    for path, offset in offsets.items():
        if not path.exists():
            continue
        with path.open(errors="replace") as log_file:
            log_file.seek(offset)
            for line in log_file:
                if path.name == "nginx-access.log":
                    if re.search(r'" 5\d\d ', line):
                        found.append(f"{path.name}: {line.strip()}")
                elif re.search(r"\b(ERROR|CRITICAL)\b|Traceback", line):
                    found.append(f"{path.name}: {line.strip()}")
    return found


def log_offsets() -> dict[Path, int]:
    logs = RUN / "logs"
    names = ["nginx-access.log", "nginx-error.log", "worker.log", *(f"app-{port}.log" for port in APP_PORTS)]
    return {logs / name: (logs / name).stat().st_size if (logs / name).exists() else 0 for name in names}


def run_locust(plan: Path, *, rate: float, seconds: int, prefix: Path) -> int:
    """One headless locust run of the mix at `rate` requests/s in all; its CSVs and log beside `prefix`."""
    users = mix.USERS * mix.sets(rate)
    locust = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "soak" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--host", BASE,
        "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    locust_env = os.environ | {"SOAK_PLAN": str(plan), "SOAK_RATE": str(rate)}
    with prefix.with_name(prefix.name + ".log").open("w") as locust_log:
        output = {"stdout": locust_log, "stderr": subprocess.STDOUT}
        return subprocess.run(locust, cwd=ROOT, env=locust_env, check=False, **output).returncode


# --- the rate the deployment holds -------------------------------------------------------------------------------


@dataclass
class Step:
    rate: float
    requests: int
    failures: int
    p95: float
    p99: float
    seconds: int
    cpu: float  # the machine's CPU busy during the step, % of all cores

    @property
    def achieved(self) -> float:
        return self.requests / self.seconds

    def held(self, p95_bound_ms: float) -> bool:
        """The deployment held the rate: (nearly) all of it was sent and answered, none failed, p95 in bound."""
        return self.failures == 0 and self.achieved >= 0.95 * self.rate and self.p95 <= p95_bound_ms


def aggregated(stats_csv: Path) -> dict[str, str]:
    return next(row for row in csv.DictReader(stats_csv.open()) if row["Name"] == "Aggregated")


def find_rate(plan: Path, *, rates: list[float], seconds: int, p95_bound_ms: float, out: Path) -> float | None:
    """Step the mix's rate up, a locust run of `seconds` per step, until a step is not held (Step.held); returns
    the highest rate held, None if not even the first. A locust user sends its share at a fixed pace, so a server
    that falls behind shows as a rate not reached, before it shows as errors."""
    log(f"finding the rate: steps {', '.join(f'{r:g}' for r in rates)} requests/s, {seconds} s each, "
        f"held = no failed request or server error, >= 95 % of the rate sent, p95 <= {p95_bound_ms:g} ms")  # fmt: skip
    held = None
    print(f"\n{'rate/s':>7} {'achieved':>9} {'requests':>9} {'failed':>7} ", end="")
    print(f"{'p95 ms':>7} {'p99 ms':>7} {'CPU %':>5}  held")
    for rate in rates:
        prefix = out / f"step-{rate:g}"
        offsets = log_offsets()
        psutil.cpu_percent()
        code = run_locust(plan, rate=rate, seconds=seconds, prefix=prefix)
        cpu = psutil.cpu_percent()
        row = aggregated(prefix.with_name(prefix.name + "_stats.csv"))
        logged = server_errors(offsets)
        for line in logged[:5]:
            print(f"  SERVER {line}")
        step = Step(
            rate=rate,
            requests=int(row["Request Count"]),
            failures=int(row["Failure Count"]) + len(logged) + (1 if code not in (0, 1) else 0),
            p95=float(row["95%"]),
            p99=float(row["99%"]),
            seconds=seconds,
            cpu=cpu,
        )
        ok = step.held(p95_bound_ms)
        print(
            f"{rate:>7g} {step.achieved:>9.1f} {step.requests:>9} {step.failures:>7} {step.p95:>7.0f} "
            f"{step.p99:>7.0f} {step.cpu:>5.0f}  {'yes' if ok else 'no'}",
            flush=True,
        )
        if not ok:
            break
        held = rate
    log(f"the highest rate held: {held:g} requests/s" if held else "not even the first step was held")
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=float(os.getenv("SOAK_MINUTES", "30")))
    parser.add_argument("--rate", type=float, default=float(os.getenv("SOAK_RATE", "6")), help="requests/s in all")
    parser.add_argument("--warmup", type=float, help="seconds not judged for memory (20 %% of the run, 30-180)")
    parser.add_argument("--memory-bound-mb", type=float, default=float(os.getenv("SOAK_MEMORY_BOUND_MB", "25")))
    parser.add_argument("--sample-seconds", type=float, default=5.0)
    parser.add_argument("--stop", action="store_true", help="stop the deployment at the end (scripts/prod down)")
    parser.add_argument(
        "--find-rate",
        action="store_true",
        help="first step the rate up (--steps) to the highest one the deployment holds, then soak at that rate",
    )
    parser.add_argument("--steps", default="5,10,15,20,25,30,40,50,60,80", help="requests/s, comma-separated")
    parser.add_argument("--step-seconds", type=int, default=60)
    parser.add_argument("--p95-bound-ms", type=float, default=1000.0, help="a step with a higher p95 is not held")
    parser.add_argument("--no-soak", action="store_true", help="with --find-rate: report the rate, soak nothing")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "soak" / time.strftime("%Y%m%d-%H%M%S"))
    args = parser.parse_args()
    seconds = round(args.minutes * 60)
    # The workers' caches fill in the first minutes (pages, templates): memory is judged after that.
    warm = args.warmup if args.warmup is not None else min(180.0, max(30.0, seconds * 0.2))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        steps = sorted({float(rate) for rate in args.steps.split(",")}) if args.find_rate else []
    except ValueError:
        parser.error(f"--steps: not a list of numbers: {args.steps!r}")
    if steps and steps[0] <= 0:
        parser.error("--steps: rates are requests per second, above 0")
    lookups = math.ceil(2 * max([args.rate, *steps]) * 60 * mix.LOOKUP_SHARE_AT_MOST)

    deployment = Deployment(lookups)
    deployment.up()
    try:
        plan = make_plan(args.out)
        warm_up_workers()
        log(f"start: {uptime()}")
        if steps:
            held = find_rate(plan, rates=steps, seconds=args.step_seconds, p95_bound_ms=args.p95_bound_ms, out=args.out)
            if held is None:
                return 1
            if args.no_soak:
                return 0
            args.rate = held
        return soak(args, plan=plan, seconds=seconds, warm=warm)
    finally:
        deployment.restore(stopping=args.stop)
        if args.stop:
            prod("down")


def make_plan(out: Path) -> Path:
    """The setup step (bench/soak/plan.py) with the deployment's settings: tokens and stamps for the load."""
    plan = out / "plan.json"
    env = os.environ | read_env()
    subprocess.run([str(BIN / "python"), "bench/soak/plan.py", str(plan)], cwd=ROOT, env=env, check=True)
    return plan


def soak(args, *, plan: Path, seconds: int, warm: float) -> int:
    env = os.environ | read_env()
    users = mix.USERS * mix.sets(args.rate)
    log(f"{args.rate:g} requests/s for {seconds} s, {users} users, through {BASE}; results in {args.out}")
    offsets = log_offsets()
    database = env["DATABASE_URL"].rsplit("/", 1)[-1].split("?")[0]
    sampler = Sampler(
        run_dir=RUN, app_ports=APP_PORTS, database=database, every=args.sample_seconds, csv_path=args.out / "memory.csv"
    )
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    code = run_locust(plan, rate=args.rate, seconds=seconds, prefix=args.out / "locust")
    sampler.stop.set()
    thread.join()
    log(f"end: {uptime()}")

    requests, failures = route_report(args.out / "locust_stats.csv")
    failures_csv = args.out / "locust_failures.csv"
    for row in csv.DictReader(failures_csv.open()) if failures_csv.exists() else []:
        print(f"  FAILED {row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}")
    exceptions_csv = args.out / "locust_exceptions.csv"
    for row in csv.DictReader(exceptions_csv.open()) if exceptions_csv.exists() else []:
        print(f"  EXCEPTION {row['Count']}× in the load itself: {row['Message']} (see {args.out / 'locust.log'})")
    logged = server_errors(offsets)
    for line in logged[:20]:
        print(f"  SERVER {line}")
    end = max(s.elapsed for s in sampler.samples)
    over = memory_report(sampler.samples, warm=warm, end=end, every=args.sample_seconds, bound_mb=args.memory_bound_mb)
    achieved = requests / seconds
    load = [value for _, value in sampler.load]
    print(
        f"\n{requests} requests in {seconds} s = {achieved:.1f}/s (target {args.rate:g}/s); "
        f"{failures} failed; {len(logged)} server errors logged; locust exit {code}; "
        f"load average (1 min) during the run: min {min(load):.2f}, median {statistics.median(load):.2f}, "
        f"max {max(load):.2f}; memory CSV {sampler.csv_path}"
    )
    if achieved < 0.9 * args.rate:
        log(f"warning: the load reached {achieved:.1f} of {args.rate:g} requests/s (the machine is busy?)")
    problems = []
    if failures or code:
        problems.append(f"{failures} failed requests (locust exit {code}: see {args.out / 'locust.log'})")
    if logged:
        problems.append(f"{len(logged)} server errors")
    if over:
        problems.append(f"memory grew over {args.memory_bound_mb:g} MB: {', '.join(over)}")
    log("FAILED: " + "; ".join(problems) if problems else "passed: no error, memory flat")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
