"""Dossier fixtures: a draft of alice's product A, the same filled, submitted, forwarded by the commune."""

import pytest

from dossiers import domain
from dossiers.models import ApplicationKind

from .factories import fill, forward_review


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft(alice, product_a):
    return domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)


@pytest.fixture
def ready(draft, alice):
    return fill(draft, alice)


@pytest.fixture
def submitted(ready, alice):
    return domain.submit_application(application=ready, by=alice)


@pytest.fixture
def forwarded(submitted, carol):
    domain.review_by_commune(application=submitted, by=carol, **forward_review())
    submitted.refresh_from_db()
    return submitted
