import pytest
from django.core.exceptions import ValidationError

from areas.domain import current_units
from areas.lookup import UnitResolver
from areas.models import Area


def test_resolver_finds_an_old_commune_by_code_and_era(hanoi):
    found = UnitResolver().resolve(code="10033", era=Area.Era.LEGACY)
    assert (found.name, found.level) == ("Xã Phú Nghĩa", Area.Level.COMMUNE)


def test_resolver_finds_a_unit_by_name_without_diacritics_or_type(hanoi):
    found = UnitResolver().resolve(name="phu nghia", district="chuong my", province="ha noi", era=Area.Era.LEGACY)
    assert found.code == "10033"


def test_resolver_names_an_unknown_code(hanoi):
    with pytest.raises(ValidationError):
        UnitResolver().resolve(code="99999", era=Area.Era.LEGACY)


def test_a_resolved_unit_names_itself_and_rolls_up_without_a_query(hanoi, django_assert_num_queries):
    resolver = UnitResolver()
    resolver.resolve(code="00001")  # the one load of every unit
    with django_assert_num_queries(0):
        old = resolver.resolve(code="10033", era=Area.Era.LEGACY)
        name = str(old)
        commune, province = current_units(old)
    assert name == "Xã Phú Nghĩa, Huyện Chương Mỹ, Thành phố Hà Nội"
    assert (commune.code, province) == ("10030", hanoi)
