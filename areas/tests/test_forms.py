import pytest
from django import forms
from django.urls import reverse

from accounts.models import User
from areas.forms import CommuneChoiceField, communes_of, current_provinces
from areas.models import Area
from core.text import fold

from .html import parse, select_named

pytestmark = pytest.mark.django_db

INVALID = "Hãy chọn xã/phường trong danh sách."


class PlaceForm(forms.Form):
    area = CommuneChoiceField(label="Nơi đặt trụ sở")


class UserAreaForm(forms.ModelForm):
    """Like the producer form: a model form whose foreign key to Area uses the picker."""

    area = CommuneChoiceField(label="Địa bàn")

    class Meta:
        model = User
        fields = ["area"]


def legacy(code: str) -> Area:
    return Area.objects.select_related("parent__parent").get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code=code)


@pytest.fixture
def phu_nghia(db) -> Area:
    return Area.objects.get(era=Area.Era.CURRENT, level=Area.Level.COMMUNE, code="10030")


def test_commune_choice_field_accepts_a_commune_of_today(phu_nghia, hanoi):
    form = PlaceForm(data={"area": str(phu_nghia.pk), "area_province": str(hanoi.pk)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == phu_nghia


def test_commune_choice_field_accepts_a_commune_without_its_province(phu_nghia):
    # Clients that post only the commune (tests, scripts) need not repeat the province.
    form = PlaceForm(data={"area": str(phu_nghia.pk)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == phu_nghia


@pytest.mark.parametrize("value", ["999999999", "abc", "-1", "1.5"])
def test_commune_choice_field_refuses_an_unknown_pk(value):
    form = PlaceForm(data={"area": value})

    assert not form.is_valid()
    assert form.errors["area"] == [INVALID]


def test_commune_choice_field_refuses_a_province_or_an_old_commune(hanoi):
    for area in (hanoi, legacy("10033")):
        form = PlaceForm(data={"area": str(area.pk)})

        assert not form.is_valid()
        assert form.errors["area"] == [INVALID]


def test_commune_choice_field_requires_a_commune(hanoi):
    form = PlaceForm(data={"area": "", "area_province": str(hanoi.pk)})

    assert not form.is_valid()
    assert form.errors["area"] == ["Hãy chọn xã/phường."]


def test_commune_choice_field_refuses_a_commune_of_another_province(phu_nghia, ninh_binh):
    # Without JavaScript the commune list does not follow a new province until the form comes back.
    form = PlaceForm(data={"area": str(phu_nghia.pk), "area_province": str(ninh_binh.pk)})

    assert not form.is_valid()
    assert form.errors["area"] == ["Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn. Hãy chọn lại xã/phường."]


def test_commune_choice_field_keeps_an_old_commune_given_as_initial(hanoi):
    old = legacy("10033")

    form = PlaceForm(data={"area": str(old.pk), "area_province": str(hanoi.pk)}, initial={"area": old})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == old
    assert not form.has_changed()


def test_commune_choice_field_keeps_the_old_commune_of_a_model_instance():
    old = legacy("00007")  # Phường Cống Vị, Quận Ba Đình
    user = User(username="ha", area=old)

    form = UserAreaForm(data={"area": str(old.pk)}, instance=user)

    assert form.is_valid(), form.errors
    assert form.save(commit=False).area == old


def test_commune_choice_field_accepts_only_the_initial_old_commune():
    form = PlaceForm(data={"area": str(legacy("00007").pk)}, initial={"area": legacy("10033").pk})

    assert not form.is_valid()
    assert form.errors["area"] == [INVALID]


def test_commune_choice_field_moves_an_old_record_to_a_commune_of_today(phu_nghia):
    form = PlaceForm(data={"area": str(phu_nghia.pk)}, initial={"area": legacy("10033").pk})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"] == phu_nghia
    assert form.has_changed()


def test_commune_picker_renders_labelled_selects_with_every_province():
    html = str(PlaceForm()["area"])
    page = parse(html)
    province = select_named(html, "area_province")
    commune = select_named(html, "area")

    assert province.values == ["", *[str(p.pk) for p in current_provinces()]]
    assert len(province.values) == 35
    assert province.labels[:3] == ["— Chọn tỉnh/thành phố —", "Tỉnh An Giang", "Tỉnh Bắc Ninh"]
    assert province.selected == []
    assert commune.options == [("", "— Chọn tỉnh/thành phố trước —")]
    assert page.labels == {"id_area_province": "Tỉnh/thành phố", "id_area": "Xã/phường/đặc khu"}
    assert (province.attrs["id"], commune.attrs["id"]) == ("id_area_province", "id_area")
    assert province.attrs["hx-get"] == reverse("areas:commune_options")
    assert province.attrs["hx-target"] == "#id_area"
    assert "required" in commune.attrs
    assert "<script" not in html


def test_commune_picker_renders_in_a_fieldset_named_by_the_field_label():
    html = PlaceForm().as_div()

    assert "<fieldset>" in html
    assert "<legend>Nơi đặt trụ sở:</legend>" in html


def test_commune_picker_preselects_the_province_of_an_initial_commune(phu_nghia, hanoi):
    html = str(PlaceForm(initial={"area": phu_nghia})["area"])
    province = select_named(html, "area_province")
    commune = select_named(html, "area")

    assert province.selected == [str(hanoi.pk)]
    assert commune.values[1:] == [str(c.pk) for c in communes_of(hanoi)]
    assert commune.selected == [str(phu_nghia.pk)]
    assert "Xã Phú Nghĩa" in commune.labels


def test_commune_picker_lists_communes_by_name_with_their_type(hanoi):
    html = str(PlaceForm(initial={"area": Area.objects.filter(parent=hanoi).first()})["area"])
    labels = select_named(html, "area").labels[1:]

    assert len(labels) == Area.objects.filter(parent=hanoi).count() == 126
    assert {label.split()[0] for label in labels} == {"Phường", "Xã"}
    assert labels[:3] == ["Xã An Khánh", "Phường Ba Đình", "Xã Ba Vì"]
    short_names = [fold(label.split(" ", 1)[1]) for label in labels]
    assert short_names == sorted(short_names)


def test_commune_picker_offers_an_initial_old_commune_as_its_own_option(hanoi):
    old = legacy("10033")

    html = str(PlaceForm(initial={"area": old.pk})["area"])
    province = select_named(html, "area_province")
    commune = select_named(html, "area")

    assert province.selected == [str(hanoi.pk)]
    assert commune.options[1] == (str(old.pk), "Xã Phú Nghĩa, Huyện Chương Mỹ, Thành phố Hà Nội (đơn vị cũ)")
    assert commune.selected == [str(old.pk)]


def test_commune_picker_shows_the_submitted_province_and_its_communes(ninh_binh):
    form = PlaceForm(data={"area": "", "area_province": str(ninh_binh.pk)})
    form.is_valid()

    html = str(form["area"])
    commune = select_named(html, "area")

    assert select_named(html, "area_province").selected == [str(ninh_binh.pk)]
    assert commune.values[1:] == [str(c.pk) for c in communes_of(ninh_binh)]
    assert commune.labels[0] == "— Chọn xã/phường/đặc khu —"
    assert commune.attrs["aria-invalid"] == "true"


def test_commune_picker_does_not_offer_an_old_commune_that_was_not_initial(hanoi):
    form = PlaceForm(data={"area": str(legacy("10033").pk), "area_province": str(hanoi.pk)})
    form.is_valid()

    commune = select_named(str(form["area"]), "area")

    assert commune.selected == []
    assert not any("đơn vị cũ" in label for label in commune.labels)
