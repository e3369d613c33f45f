import datetime

import pytest
from django.utils import timezone

from programme.domain import save_event
from programme.models import Event, EventKind
from public.tests.factories import make_certificate


def make_fair(*, by, area, capacity=None, accepts=True, days_ahead: int = 10, topic="Hội chợ OCOP Hà Nội") -> Event:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return save_event(
        event=Event(
            kind=EventKind.FAIR,
            topic=topic,
            starts_on=day,
            ends_on=day + datetime.timedelta(days=3),
            place="Cung Văn hóa Hữu nghị",
            area=area,
            organiser="Sở Công Thương Hà Nội",
            capacity=capacity,
            accepts_applications=accepts,
        ),
        by=by,
    )


@pytest.fixture
def certificate_a(product_a):
    return make_certificate(product_a)


@pytest.fixture
def certificate_b(product_b):
    return make_certificate(product_b)


@pytest.fixture
def fair(erin, hanoi):
    return make_fair(by=erin, area=hanoi)
