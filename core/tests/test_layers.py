"""The import layers of docs/architecture.md, written as the import-linter contract in pyproject.toml and
checked by `make lint`: the tree keeps them, and an import that breaks one fails the check."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the virtualenv's own lint-imports, fixed arguments)
        [LINT_IMPORTS, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_import_layers_hold_and_an_import_from_a_higher_layer_breaks_them():
    kept = _lint_imports()
    assert kept.returncode == 0, kept.stdout + kept.stderr
    # One test for both: the probe must not be in the tree while another process checks it.
    probe = ROOT / "areas" / "_layer_probe.py"
    probe.write_text("from stamps.models import Stamp  # noqa: F401\n")
    try:
        broken = _lint_imports()
    finally:
        probe.unlink()
    assert broken.returncode == 1
    assert "areas is not allowed to import stamps:" in broken.stdout
    assert "areas._layer_probe -> stamps.models" in broken.stdout
