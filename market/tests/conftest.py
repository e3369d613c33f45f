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


def make_buyer(username: str, *, area, name: str, tax_code: str, verified_by=None, kind="supermarket"):
    """A buyer signed up through its domain function, verified by `verified_by` when given."""
    from market.domain.buyers import register_buyer_account, verify_buyer

    user = register_buyer_account(
        username=username,
        password="Mua-hang-2026",
        email=f"{username}@example.vn",
        buyer_fields={
            "name": name,
            "kind": kind,
            "tax_code": tax_code,
            "street_address": "Số 2 Phố Huế",
            "area": area,
            "contact_name": "Trần Văn Nam",
            "phone": "0243 123 4567",
            "email": f"lienhe-{username}@example.vn",
            "website": "",
        },
    )
    if verified_by is not None:
        verify_buyer(buyer=user.buyer, by=verified_by, approve=True)
        user.buyer.refresh_from_db()
    return user


def make_demand(user, *, criteria_set=None, group=None, delivery_area, **extra):
    from market.domain.demands import post_demand

    today = timezone.localdate()
    fields = {
        "title": "Mứt, kẹo OCOP cho Tết",
        "group": group,
        "criteria_set": criteria_set,
        "quantity": 500,
        "unit": "hộp",
        "period_from": today + datetime.timedelta(days=20),
        "period_to": today + datetime.timedelta(days=60),
        "min_stars": 3,
        "strict_min_stars": True,
        "certifications": [],
        "needs_gi": False,
        "packaging": "",
        "delivery_area": delivery_area,
        "deadline": today + datetime.timedelta(days=15),
        "note": "",
    }
    fields.update(extra)
    return post_demand(by=user, **fields)


@pytest.fixture
def mart(erin, commune_x):
    """A supermarket chain of Hà Nội, verified by the city's OCOP officer."""
    return make_buyer(
        "sieuthi", area=commune_x, name="Chuỗi siêu thị Thủ Đô", tax_code="0100109106-001", verified_by=erin
    )
