"""Former communes (merged 2019–2024, missing from the official data set), added by an administrator."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from areas.domain import add_former_unit, current_units
from areas.lookup import resolve_unit
from areas.models import Area, FormerUnit
from audit.domain import history


@pytest.fixture
def chuong_my(hanoi):
    return Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, name="Huyện Chương Mỹ")


@pytest.fixture
def receiving(chuong_my):
    return Area.objects.filter(parent=chuong_my).order_by("code").first()


def test_former_unit_keeps_its_name_and_rolls_up_through_the_unit_it_merged_into(root, chuong_my, receiving):
    unit = add_former_unit(
        name="Xã  Tân Hòa Cũ",
        district=chuong_my,
        merged_into=receiving,
        resolution="1045/NQ-UBTVQH14",
        resolution_date=datetime.date(2020, 1, 10),
        by=root,
    )
    assert (unit.name, unit.short_name, unit.unit_type, unit.code) == ("Xã Tân Hòa Cũ", "Tân Hòa Cũ", "Xã", "F0001")
    assert (unit.era, unit.level, unit.parent, unit.is_former) == (Area.Era.LEGACY, Area.Level.COMMUNE, chuong_my, True)
    assert current_units(unit) == current_units(receiving)
    assert resolve_unit(name="tan hoa cu", district="Chương Mỹ", era=Area.Era.LEGACY) == unit
    assert history(unit)[0].actor == root


def test_former_unit_is_refused_with_a_reason_per_field(root, chuong_my, receiving, commune_x):
    with pytest.raises(ValidationError) as caught:
        add_former_unit(
            name="Tân Hòa",
            district=chuong_my,
            merged_into=commune_x,
            resolution="",
            resolution_date=datetime.date(2020, 1, 10),
            code="12",
            by=root,
        )
    assert set(caught.value.message_dict) == {"name", "merged_into", "merger_resolution", "code"}
    assert not FormerUnit.objects.exists()


def test_administrator_adds_a_former_unit_in_the_admin(client, root, chuong_my, receiving):
    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)
    url = reverse("admin:areas_formerunit_add")
    data = {
        "name": "Xã Tân Hòa Cũ",
        "code": "",
        "parent": chuong_my.pk,
        "merged_into": receiving.pk,
        "merger_resolution": "1045/NQ-UBTVQH14",
        "merger_date": "10/01/2020",
    }
    refused = client.post(url, {**data, "name": "Tân Hòa"})
    assert refused.status_code == 200
    assert "Ghi cả loại đơn vị" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    unit = FormerUnit.objects.get()
    assert (unit.name, unit.merged_into, unit.merger_resolution) == ("Xã Tân Hòa Cũ", receiving, "1045/NQ-UBTVQH14")
