"""The configs of the production shape (deploy/, rendered by scripts/prod) are valid for the tools that read them,
checked by those tools when the machine has them (CI installs nginx through scripts/ensure-system-deps). The
running shape itself is checked by scripts/prod-smoke (docs/deployment.md)."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _render(run: Path) -> None:
    run.mkdir()
    (run / "env").write_text(f"MEDIA_ROOT={run / 'media'}\n")
    subprocess.run(  # noqa: S603 (our own script with fixed arguments)
        [shutil.which("bash"), "scripts/prod", "render"],
        cwd=ROOT,
        env=os.environ | {"OCOP_PROD_DIR": str(run)},
        check=True,
    )


def test_the_rendered_nginx_config_names_both_app_servers_and_the_public_paths_only(tmp_path):
    run = tmp_path / "run"
    _render(run)
    config = (run / "nginx.conf").read_text()
    assert re.findall(r"@[A-Z_]+@", config) == []
    assert "server 127.0.0.1:8281 " in config
    assert "server 127.0.0.1:8282 " in config
    assert "listen 127.0.0.1:8280;" in config
    assert f"alias {run / 'media'}/products/;" in config
    assert f"alias {ROOT / 'staticfiles'}/;" in config
    assert "port 6390" in (run / "redis.conf").read_text()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (scripts/ensure-system-deps)")
def test_nginx_accepts_the_rendered_config(tmp_path):
    run = tmp_path / "run"
    _render(run)
    result = subprocess.run(  # noqa: S603 (nginx's own test of a config)
        [
            shutil.which("nginx"),
            "-t",
            "-p",
            str(run),
            "-c",
            str(run / "nginx.conf"),
            "-e",
            str(run / "logs" / "nginx-error.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_accepts_its_config_and_loads_the_application():
    result = subprocess.run(  # noqa: S603 (the project's gunicorn with fixed arguments)
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answer(port: int) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def _wait_for(port: int, expected: str) -> str | None:
    """The app's answer once it is `expected`, or the last answer after 300 tries 0.1 s apart (a bound, not a
    measurement: gunicorn's new workers come up in well under a second)."""
    answer = None
    for _ in range(300):
        answer = _answer(port)
        if answer == expected:
            break
        threading.Event().wait(0.1)
    return answer


def test_a_reload_gives_the_new_workers_the_settings_file_as_it_is_now(tmp_path):
    # Found by the soak (bench/soak): an edited var/prod/env reached the app servers only at their next start,
    # never at `make prod-reload`, because a HUP forks the new workers from a master whose environment is fixed.
    settings = tmp_path / "env"
    settings.write_text("# the deployment's settings\nOCOP_PROBE=first\nWEB_CONCURRENCY=1\n")
    port, pid_file = _free_port(), tmp_path / "gunicorn.pid"
    environment = {key: value for key, value in os.environ.items() if key != "OCOP_PROBE"}
    server = subprocess.Popen(  # noqa: S603 (the project's gunicorn with fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--pid",
            str(pid_file),
            "--chdir",
            str(ROOT),
            "core.tests.env_probe:app",
        ],
        cwd=ROOT,
        env=environment | {"OCOP_ENV_FILE": str(settings)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(port, "first") == "first"
        settings.write_text("OCOP_PROBE='second value'\nWEB_CONCURRENCY=1\n")
        server.send_signal(signal.SIGHUP)
        assert _wait_for(port, "second value") == "second value"
        settings.write_text("WEB_CONCURRENCY=1\n")
        server.send_signal(signal.SIGHUP)
        assert _wait_for(port, "(unset)") == "(unset)"
    finally:
        server.terminate()
        server.wait(timeout=60)


def _max_requests(env_file: Path | None) -> int:
    """`max_requests` as deploy/gunicorn.conf.py sets it when gunicorn reads it (it executes the file)."""
    environment = {name: value for name, value in os.environ.items() if name != "GUNICORN_MAX_REQUESTS"}
    if env_file:
        environment["OCOP_ENV_FILE"] = str(env_file)
    else:
        environment.pop("OCOP_ENV_FILE", None)
    code = "import json, runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); print(json.dumps(c['max_requests']))"
    result = subprocess.run(  # noqa: S603 (our own config, read by this interpreter)
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def test_workers_are_replaced_after_5000_requests_unless_the_settings_file_says_otherwise(tmp_path):
    # The soak (bench/soak/run.py) sets 0 for its run, so that a leak shows instead of being recycled away.
    assert _max_requests(None) == 5000
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=false\nGUNICORN_MAX_REQUESTS=0\n")
    assert _max_requests(env_file) == 0
