"""The soak's memory watch (bench/soak/run.py): every few seconds, each process of the deployment's private memory
(USS) and RSS, into a CSV; at the end, each long-lived process's growth after the warm-up and its slope, judged
against a bound, and each group of processes in all."""

import csv
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

MB = 1024 * 1024


@dataclass
class Sample:
    elapsed: float
    group: str
    pid: int
    role: str
    rss: int
    uss: int


@dataclass
class Sampler:
    run_dir: Path  # the deployment's run directory: its pid files
    app_ports: list[str]
    database: str
    every: float
    csv_path: Path
    samples: list[Sample] = field(default_factory=list)
    load: list[tuple[float, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def processes(self) -> list[tuple[str, str, psutil.Process]]:
        """(group, role, process) of every process of the deployment now."""
        found = []
        groups = {f"app :{port}": f"app-{port}.pid" for port in self.app_ports}
        groups |= {"nginx": "nginx.pid", "redis": "redis.pid", "db_worker": "worker.pid", "schedule": "schedule.pid"}
        for group, pid_file in groups.items():
            try:
                leader = psutil.Process(int((self.run_dir / pid_file).read_text()))
                found.append((group, "master" if group.startswith(("app", "nginx")) else "main", leader))
                found += [
                    (group, "worker" if group.startswith(("app", "nginx")) else "child", child)
                    for child in leader.children(recursive=True)
                ]
            except (OSError, ValueError, psutil.Error):
                continue
        for process in psutil.process_iter(["name", "cmdline"]):
            command = " ".join(process.info["cmdline"] or [])
            if process.info["name"] == "postgres" and f" {self.database} " in f"{command} ":
                found.append(("postgres backends", "backend", process))
        return found

    def sample(self, started: float) -> None:
        elapsed = time.monotonic() - started
        self.load.append((elapsed, os.getloadavg()[0]))
        for group, role, process in self.processes():
            try:
                memory = process.memory_full_info()
            except psutil.Error:
                continue
            self.samples.append(Sample(elapsed, group, process.pid, role, memory.rss, memory.uss))

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set():
            self.sample(started)
            self.stop.wait(self.every)
        self.sample(started)
        with self.csv_path.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["elapsed_s", "group", "pid", "role", "rss_mb", "uss_mb"])
            for s in self.samples:
                writer.writerow([f"{s.elapsed:.1f}", s.group, s.pid, s.role, f"{s.rss / MB:.1f}", f"{s.uss / MB:.1f}"])


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per minute."""
    if len(points) < 2:
        return 0.0
    xs, ys = zip(*points, strict=True)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return 60 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def memory_report(samples: list[Sample], *, warm: float, end: float, every: float, bound_mb: float) -> list[str]:
    """Print each group's memory and each long-lived process's growth; returns the processes over the bound."""
    middle = warm + (end - warm) / 2
    over = []
    print(
        "\nMemory (MB; USS = private memory, RSS includes shared pages) after the warm-up, at the middle, at the end:"
    )
    print(f"  {'process':<34} {'USS warm':>9} {'middle':>7} {'end':>7} {'growth':>7} {'slope/min':>9} {'RSS end':>8}")
    by_pid: dict[tuple[str, int], list[Sample]] = {}
    for s in samples:
        by_pid.setdefault((s.group, s.pid), []).append(s)
    for (group, pid), series in sorted(by_pid.items()):
        if series[0].elapsed > warm or series[-1].elapsed < end - 1.5 * every:
            continue  # not alive from the warm-up's end to the end: a recycled worker, a short job, a backend
        after = [s for s in series if s.elapsed >= warm]
        if len(after) < 2:
            continue
        mid = min(after, key=lambda s: abs(s.elapsed - middle))
        growth = (after[-1].uss - after[0].uss) / MB
        slope = slope_per_minute([(s.elapsed, s.uss / MB) for s in after])
        flag = ""
        if growth > bound_mb:
            flag = f"  OVER {bound_mb:g} MB"
            over.append(f"{group} pid {pid}")
        print(
            f"  {group + ' ' + series[0].role + ' ' + str(pid):<34} {after[0].uss / MB:>9.1f} {mid.uss / MB:>7.1f} "
            f"{after[-1].uss / MB:>7.1f} {growth:>+7.1f} {slope:>+9.2f} {after[-1].rss / MB:>8.1f}{flag}"
        )
    print("\nEach group in all (USS, MB; processes counted; 'seen' = distinct pids over the run):")
    groups = sorted({s.group for s in samples})
    times = sorted({s.elapsed for s in samples})
    for group in groups:

        def total(at: float, group=group) -> tuple[float, int]:
            nearest = min(times, key=lambda t: abs(t - at))
            rows = [s for s in samples if s.group == group and s.elapsed == nearest]
            return sum(s.uss for s in rows) / MB, len(rows)

        cells = "  ".join(
            f"{label} {mb:7.1f} ({n})"
            for label, (mb, n) in (("warm", total(warm)), ("middle", total(middle)), ("end", total(end)))
        )
        seen = len({s.pid for s in samples if s.group == group})
        print(f"  {group:<18} {cells}  seen {seen}")
    return over
