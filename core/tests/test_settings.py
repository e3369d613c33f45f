import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="ocop.example.vn",
        SITE_URL="https://ocop.example.vn",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000", "http://localhost:8101", "http://[::1]:8000"])
def test_deployment_checklist_warns_about_a_loopback_site_url(site_url):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="ocop.example.vn",
        SITE_URL=site_url,
    )
    assert result.returncode != 0
    assert "(ocop.W001) SITE_URL" in result.stderr


def test_a_loopback_site_url_is_fine_while_debugging():
    result = _manage("check", "--deploy", DEBUG="true", SITE_URL="http://127.0.0.1:8000")
    assert "ocop.W001" not in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="ocop.example.vn")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def _project_sources():
    """Every Python file of the project: the apps and packages at the root, bench/, e2e/, scripts/, the root files."""
    for top in sorted(ROOT.iterdir()):
        if top.is_symlink() or top.name.startswith("."):
            continue
        if top.is_dir():
            yield from sorted(top.rglob("*.py"))
        elif top.suffix == ".py":
            yield top


def test_settings_are_read_as_attributes_with_their_default_only_in_ocop_settings():
    # A default repeated where a setting is read drifts from the one in ocop/settings.py.
    readers = []
    for path in _project_sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr")
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []
