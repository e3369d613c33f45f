"""The configs of the production shape (deploy/, rendered by scripts/prod) are valid for the tools that read them,
checked by those tools when the machine has them (CI installs nginx through scripts/ensure-system-deps). The
running shape itself is checked by scripts/prod-smoke (docs/deployment.md)."""

import os
import re
import shutil
import subprocess
import sys
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
