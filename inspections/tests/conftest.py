import datetime

import pytest

from accounts.models import Role
from certificates.models import Certificate
from conftest import make_user
from inspections import domain
from inspections.models import Kind, Trigger

START = datetime.date(2026, 5, 4)


@pytest.fixture
def inspector_nb(ninh_binh):
    return make_user("inspector_nb", Role.INSPECTOR, ninh_binh)


@pytest.fixture
def inspector_2(hanoi):
    return make_user("inspector_2", Role.INSPECTOR, hanoi)


def make_certificate(product, *, stars=4, number="OCOP-01-2025-000001", issued_on=datetime.date(2025, 3, 1)):
    producer = product.producer
    return Certificate.objects.create(
        number=number,
        product=product,
        stars=stars,
        legal_version=product.criteria_set.legal_version,
        province=producer.current_province,
        area_at_issue=producer.area,
        decision_number="12/QĐ-UBND",
        decision_date=issued_on,
        issued_on=issued_on,
        expires_on=issued_on.replace(year=issued_on.year + 3),
    )


def open_ad_hoc(*, by, producers, products, team, starts_on=START, ends_on=None, trigger=Trigger.COMPLAINT):
    return domain.open_inspection(
        by=by,
        kind=Kind.AD_HOC,
        trigger=trigger,
        trigger_note="Đơn phản ánh số 12",
        producers=producers,
        products=products,
        team=team,
        starts_on=starts_on,
        ends_on=ends_on or starts_on + datetime.timedelta(days=10),
        scope_note="Kiểm tra nhãn, tem",
    )


@pytest.fixture
def inspection(inspector, producer_a, product_a):
    return open_ad_hoc(by=inspector, producers=[producer_a], products=[product_a], team=[inspector])
