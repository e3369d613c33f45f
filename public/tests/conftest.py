import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached catalogue pages live in this process's memory: start each test with none. (Rate counts and the
    shared cache are in the database, rolled back after each test.)"""
    caches["pages"].clear()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
