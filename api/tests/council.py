"""Helpers for the council API tests: the evaluation workflow's fixtures, twins of dossier A (same product name,
so audit texts match), and the audit trail of records as values two channels can be compared on."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from audit.models import AuditEntry
from evaluation.tests.workflow.conftest import received_application
from products.domain import create_product

ROUNDS = "/api/v1/rounds/"
EVALUATIONS = "/api/v1/evaluations/"
REGULATION = "/api/v1/council-regulation/"
TODAY = timezone.localdate

# Values that differ between two records made alike (their keys, codes, numbers and times), left out of a trail.
VARYING = {"code", "number", "closed_at", "submitted_at", "received_at", "updated_at", "sha256"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def bearer(user, *scopes) -> APIClient:
    _token, raw = tokens.create_token(
        user=user, name="Hệ thống tỉnh", expires_on=TODAY() + datetime.timedelta(days=30), scopes=list(scopes), by=user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def last_entry_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def trail(*objects, since: int = 0) -> list[tuple]:
    """The audit entries about `objects` after entry `since`, oldest first, without what differs between twins."""
    rows = []
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        entries = AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk), id__gt=since)
        for entry in entries.order_by("id"):
            changes = {key: value for key, value in entry.changes.items() if key not in VARYING}
            rows.append((content_type.model, entry.action, entry.actor_id, changes, entry.note))
    return rows


@pytest.fixture
def application_twin(product_a, root):
    """A received dossier of another product of producer A, named as product A."""
    product = create_product(
        by=root,
        producer=product_a.producer,
        criteria_set=product_a.criteria_set,
        name=product_a.name,
        specification=product_a.specification,
    )
    return received_application(product)
