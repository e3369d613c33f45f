"""The site's own address, as every printed link and QR code carries it, and how `make run` sets it."""

import os
import subprocess
from pathlib import Path

import pytest

from core.site import site_host, site_url

ROOT = Path(__file__).resolve().parents[2]


def test_site_url_joins_a_path_to_the_configured_address(settings):
    settings.SITE_URL = "https://ocop.example.vn/"
    assert site_url("/s/ABC") == "https://ocop.example.vn/s/ABC"
    assert site_url() == "https://ocop.example.vn"


def test_site_host_is_the_address_without_its_scheme(settings):
    settings.SITE_URL = "http://192.168.1.20:8101/"
    assert site_host() == "192.168.1.20:8101"


def _make_run(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    result = subprocess.run(  # noqa: S603 (make with fixed arguments, printing only: -n)
        ["make", "-n", "run", *[f"{k}={v}" for k, v in env.items() if k in ("HOST", "PORT")]],  # noqa: S607
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("env", "expected"), [({}, "http://127.0.0.1:8000"), ({"PORT": "8101"}, "http://127.0.0.1:8101")]
)
def test_make_run_gives_the_site_its_host_and_port(env, expected):
    commands = _make_run(**env).splitlines()
    seeding = next(line for line in commands if "seed_demo" in line)
    serving = next(line for line in commands if "runserver" in line)
    assert f'SITE_URL="{expected}" ' in seeding
    assert f'SITE_URL="{expected}" ' in serving
    assert serving.endswith(f"runserver {expected.removeprefix('http://')}")


def test_make_run_keeps_a_site_url_set_in_the_environment():
    commands = _make_run(PORT="8101", SITE_URL="https://ocop.example.vn").splitlines()
    serving = next(line for line in commands if "runserver" in line)
    assert 'SITE_URL="https://ocop.example.vn" ' in serving
