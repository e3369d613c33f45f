"""The units an officer may pick for a plan or an event follow the scope rule (accounts.scope.in_area)."""

from areas.models import Area
from programme.forms import areas_for


def test_province_officer_picks_the_province_its_communes_and_its_old_districts(erin, hanoi, ninh_binh, chuong_my):
    units = areas_for(erin)
    assert hanoi in units and chuong_my in units
    assert ninh_binh not in units
    communes = units.filter(level=Area.Level.COMMUNE)
    assert communes.count() == Area.objects.current().filter(level=Area.Level.COMMUNE, parent=hanoi).count()
    assert not units.exclude(pk=hanoi.pk).exclude(parent=hanoi).exclude(current_province=hanoi).exists()


def test_commune_officer_picks_only_their_commune(carol, commune_x):
    assert list(areas_for(carol)) == [commune_x]


def test_national_account_picks_any_province_and_old_district(root, hanoi, ninh_binh, chuong_my, commune_x):
    units = areas_for(root)
    assert {hanoi, ninh_binh, chuong_my, commune_x} <= set(units)


def test_districts_can_be_left_out(erin, chuong_my):
    assert chuong_my not in areas_for(erin, districts=False)


def test_roles_that_read_no_area_pick_nothing(alice):
    assert list(areas_for(alice)) == []


def test_administrator_splits_the_plan_of_the_province_they_name(client, root, hanoi, ninh_binh):
    from django.urls import reverse

    client.force_login(root)
    page = client.get(reverse("programme:plan_shares"), {"tinh": ninh_binh.code})
    assert page.status_code == 200 and page.context["province"] == ninh_binh
    assert client.get(reverse("programme:plan_shares"), {"tinh": "99999"}).status_code == 404
