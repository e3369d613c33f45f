import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from audit.domain import history
from audit.models import AuditEntry
from conftest import make_producer, make_user
from market.domain import participation as domain
from market.models import Participation
from notifications.models import Notification
from producers.validators import enterprise_check_digit
from products.domain import create_product
from public.tests.factories import make_certificate

from .conftest import make_fair


def tax_code(n: int) -> str:
    """A valid enterprise tax code, the n-th of a series."""
    nine = next(
        f"0102{k:05d}" for k in range(n * 20, n * 20 + 20) if enterprise_check_digit(f"0102{k:05d}") is not None
    )
    return nine + str(enterprise_check_digit(nine))


def _producer_with_product(name: str, n: int, area, criteria_set, root):
    nine = tax_code(n)
    producer = make_producer(name=name, area=area, tax_code=nine)
    product = create_product(by=root, producer=producer, criteria_set=criteria_set, name=f"Sản phẩm {name}")
    make_certificate(product)
    user = make_user(f"u{nine}", Role.PRODUCER, producer=producer)
    return producer, product, user


def test_apply_with_own_certified_products_tells_the_organisers(
    fair, producer_a, product_a, certificate_a, alice, erin
):
    participation = domain.apply(event=fair, producer=producer_a, products=[product_a], by=alice)
    assert (participation.status, list(participation.products.all())) == (Participation.Status.APPLIED, [product_a])
    assert list(Notification.objects.filter(recipient=erin).values_list("url", flat=True)) == [
        f"/thi-truong/su-kien/{fair.code}/"
    ]
    assert [entry.action for entry in history(participation)] == [AuditEntry.Action.CREATE]


def test_apply_refuses_a_product_of_another_producer(fair, producer_a, product_b, certificate_b, alice):
    with pytest.raises(ValidationError) as caught:
        domain.apply(event=fair, producer=producer_a, products=[product_b], by=alice)
    assert caught.value.error_dict["products"][0].code == "participation_not_own"
    assert Participation.objects.count() == 0


def test_apply_refuses_a_product_whose_certificate_expired(fair, producer_a, product_a, alice):
    make_certificate(product_a, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        domain.apply(event=fair, producer=producer_a, products=[product_a], by=alice)
    assert caught.value.error_dict["products"][0].code == "participation_not_certified"


def test_apply_refuses_an_uncertified_product_and_an_empty_choice(fair, producer_a, product_a, alice):
    for products in ([product_a], []):
        with pytest.raises(ValidationError):
            domain.apply(event=fair, producer=producer_a, products=products, by=alice)
    assert Participation.objects.count() == 0


def test_apply_is_for_the_producers_own_users(fair, producer_a, product_a, certificate_a, bob, erin):
    for user in (bob, erin):
        with pytest.raises(PermissionDenied):
            domain.apply(event=fair, producer=producer_a, products=[product_a], by=user)


def test_apply_refused_when_the_event_takes_no_applications_or_twice(
    erin, hanoi, producer_a, product_a, certificate_a, alice
):
    closed = make_fair(by=erin, area=hanoi, accepts=False, topic="Hội nghị kết nối")
    with pytest.raises(ValidationError):
        domain.apply(event=closed, producer=producer_a, products=[product_a], by=alice)
    open_ = make_fair(by=erin, area=hanoi)
    domain.apply(event=open_, producer=producer_a, products=[product_a], by=alice)
    with pytest.raises(ValidationError):
        domain.apply(event=open_, producer=producer_a, products=[product_a], by=alice)


def test_decline_needs_a_reason_which_the_producer_reads(fair, producer_a, product_a, certificate_a, alice, erin):
    participation = domain.apply(event=fair, producer=producer_a, products=[product_a], by=alice)
    with pytest.raises(ValidationError):
        domain.decide(participation=participation, accept=False, reason="  ", by=erin)
    participation.refresh_from_db()
    assert participation.status == Participation.Status.APPLIED
    domain.decide(participation=participation, accept=False, reason="Không đúng ngành hàng", by=erin)
    participation.refresh_from_db()
    assert (participation.status, participation.reason) == (Participation.Status.DECLINED, "Không đúng ngành hàng")
    assert Notification.objects.filter(recipient=alice, message__contains="Không đúng ngành hàng").count() == 1


def test_capacity_is_respected_when_accepting(erin, hanoi, root, criteria_set, commune_x):
    fair = make_fair(by=erin, area=hanoi, capacity=2)
    applications = []
    for i in range(3):
        producer, product, user = _producer_with_product(f"HTX {i}", i, commune_x, criteria_set, root)
        applications.append(domain.apply(event=fair, producer=producer, products=[product], by=user))
    domain.decide(participation=applications[0], accept=True, by=erin)
    domain.decide(participation=applications[1], accept=True, by=erin)
    with pytest.raises(ValidationError) as caught:
        domain.decide(participation=applications[2], accept=True, by=erin)
    assert caught.value.code == "participation_full"
    assert domain.accepted_count(fair) == 2
    applications[2].refresh_from_db()
    assert applications[2].status == Participation.Status.APPLIED


def test_an_invited_producer_answers_with_its_products_within_capacity(
    erin, hanoi, producer_a, product_a, certificate_a, alice, producer_b, product_b, certificate_b, bob
):
    fair = make_fair(by=erin, area=hanoi, capacity=1, accepts=False)
    invited_a = domain.invite(event=fair, producer=producer_a, by=erin)
    invited_b = domain.invite(event=fair, producer=producer_b, by=erin)
    assert Notification.objects.filter(recipient=alice).count() == 1
    domain.answer(participation=invited_a, accept=True, products=[product_a], by=alice)
    with pytest.raises(ValidationError):
        domain.answer(participation=invited_b, accept=True, products=[product_b], by=bob)
    domain.answer(participation=invited_b, accept=False, reason="Trùng lịch sản xuất", by=bob)
    statuses = dict(Participation.objects.values_list("producer_id", "status"))
    assert statuses == {producer_a.pk: "accepted", producer_b.pk: "declined"}


def test_only_the_events_organisers_decide(fair, producer_a, product_a, certificate_a, alice, frank, carol):
    participation = domain.apply(event=fair, producer=producer_a, products=[product_a], by=alice)
    for user in (frank, carol, alice):
        with pytest.raises(PermissionDenied):
            domain.decide(participation=participation, accept=True, by=user)
