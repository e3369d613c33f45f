"""Recognition is tested on the certificates tests' closed evaluations (see certificates/tests/conftest.py)."""

from certificates.tests.conftest import recognised  # noqa: F401 (fixture)
