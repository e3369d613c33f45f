"""The groups of people notifications go to (`accounts.people`): one answer each."""

import pytest

from accounts import people
from accounts.models import Role
from conftest import make_user


def inactive(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def test_producer_users_are_the_active_producer_accounts_linked_to_it(alice, bob, producer_a, commune_x):
    inactive(make_user("alice-old", Role.PRODUCER, producer=producer_a))
    # An account whose role was changed keeps its link to the producer but no longer sees its records.
    make_user("former-owner", Role.COMMUNE_OFFICER, commune_x, producer=producer_a)

    assert people.producer_users(producer_a.pk) == [alice]


def test_users_of_producers_groups_each_producers_users(alice, bob, producer_a, producer_b):
    second = make_user("alice2", Role.PRODUCER, producer=producer_a)

    assert people.users_of_producers([producer_a.pk, producer_b.pk]) == {
        producer_a.pk: [alice, second],
        producer_b.pk: [bob],
    }


def test_commune_officers_are_the_active_officers_of_that_commune(carol, dave, erin, commune_x):
    inactive(make_user("carol-old", Role.COMMUNE_OFFICER, commune_x))

    assert people.officers_of_communes([commune_x.pk]) == {commune_x.pk: [carol]}
    assert people.officers_of_communes([None]) == {}


def test_officers_of_communes_groups_each_communes_officers(carol, dave, commune_x, commune_y):
    assert people.officers_of_communes([commune_x.pk, commune_y.pk, None]) == {
        commune_x.pk: [carol],
        commune_y.pk: [dave],
    }


def test_commune_of_a_producer_is_its_commune_of_today(producer_a, carol, dave, commune_x):
    assert people.commune_of(producer=producer_a) == commune_x.pk
    assert people.commune_officers(producer=producer_a) == [carol]


def test_commune_of_needs_one_record(producer_a):
    with pytest.raises(TypeError):
        people.commune_of()


def test_producer_and_commune_of_a_producer_are_its_users_then_its_communes_officers(
    alice, bob, carol, dave, producer_a
):
    assert people.producer_and_commune(producer=producer_a) == [alice, carol]


def test_province_officers_are_the_active_ocop_officers_of_that_province(erin, frank, inspector, council, hanoi):
    inactive(make_user("erin-old", Role.PROVINCE_OFFICER, hanoi))

    assert people.province_officers(hanoi.pk) == [erin]
    assert people.province_officers(None) == []


def test_ministry_officers_are_the_active_ministry_accounts(minh, root, erin):
    inactive(make_user("minh-old", Role.MINISTRY_OFFICER))

    assert people.ministry_officers() == [minh]


def test_report_handlers_are_the_provinces_inspectors_and_ocop_officers(erin, frank, inspector, council, hanoi):
    inactive(make_user("inspector-old", Role.INSPECTOR, hanoi))

    assert people.report_handlers(hanoi.pk) == [erin, inspector]


def test_sales_point_users_are_its_active_operator_accounts(oanh, sales_point_x, carol):
    old = inactive(make_user("oanh-cu", Role.SALES_POINT))
    old.sales_point = sales_point_x
    old.save()
    # An officer's account left linked to the sales point keeps no say over its shelf.
    carol.sales_point = sales_point_x
    carol.save()

    assert people.sales_point_users(sales_point_x.pk) == [oanh]
    assert people.sales_point_users(None) == []
