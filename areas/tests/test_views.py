import re

import pytest
from django.urls import reverse

from areas.forms import communes_of
from areas.models import Area

from .html import options

pytestmark = pytest.mark.django_db

CURRENT, LEGACY = Area.Era.CURRENT, Area.Era.LEGACY
HTMX = {"HTTP_HX_REQUEST": "true"}
SEARCH = reverse("areas:search")
OPTIONS = reverse("areas:commune_options")


def detail_url(era: str, level: str, code: str) -> str:
    return reverse("areas:detail", args=[era, level, code])


def found(response) -> list[tuple[str, str, str]]:
    return [(a.era, a.level, a.name) for a in response.context["page"]]


def text(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- search ---------------------------------------------------------------------------------------------------


def test_area_search_page_is_public(client):
    response = client.get(SEARCH)

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response.context["page"].paginator.count == Area.objects.count() == 14149
    assert len(response.context["page"]) == 50


def test_area_search_lists_provinces_of_today_first_without_a_query(client):
    response = client.get(SEARCH)

    assert found(response)[0] == (CURRENT, Area.Level.PROVINCE, "Thành phố Hà Nội")
    assert [level for _era, level, _name in found(response)[:34]] == [Area.Level.PROVINCE] * 34


@pytest.mark.parametrize("q", ["chuong my", "Chương Mỹ", "CHUONG MY"])
def test_area_search_finds_both_eras_whatever_the_case_and_diacritics(client, q):
    response = client.get(SEARCH, {"q": q})

    assert found(response) == [
        (CURRENT, Area.Level.COMMUNE, "Phường Chương Mỹ"),
        (LEGACY, Area.Level.DISTRICT, "Huyện Chương Mỹ"),
    ]


def test_area_search_in_capitals_puts_exact_names_first(client):
    response = client.get(SEARCH, {"q": "PHU NGHIA", "era": CURRENT})
    page = response.context["page"]

    assert [(a.name, a.parent.name) for a in page][:2] == [
        ("Xã Phú Nghĩa", "Thành phố Hà Nội"),
        ("Xã Phú Nghĩa", "Tỉnh Đồng Nai"),
    ]


def test_area_search_finds_a_unit_by_code(client):
    response = client.get(SEARCH, {"q": "10033"})

    assert found(response) == [(LEGACY, Area.Level.COMMUNE, "Xã Phú Nghĩa")]


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        ({"era": CURRENT}, 34 + 3321),
        ({"era": LEGACY}, 63 + 696 + 10035),
        ({"level": Area.Level.PROVINCE}, 34 + 63),
        ({"era": LEGACY, "level": Area.Level.DISTRICT}, 696),
        ({"era": CURRENT, "level": Area.Level.DISTRICT}, 0),
        ({"q": "chuong my", "era": LEGACY}, 1),
    ],
)
def test_area_search_filters_by_era_and_level(client, filters, count):
    response = client.get(SEARCH, filters)

    assert response.context["page"].paginator.count == count


def test_area_search_ignores_an_unknown_filter_value_and_says_so(client):
    response = client.get(SEARCH, {"q": "chuong my", "era": "1975"})

    assert response.status_code == 200
    assert len(found(response)) == 2
    assert "Thời kỳ: Hãy chọn một lựa chọn hợp lệ." in text(response)


def test_area_search_pages_by_fifty(client):
    response = client.get(SEARCH, {"era": LEGACY, "level": Area.Level.DISTRICT, "page": "14"})
    page = response.context["page"]

    assert (page.number, page.paginator.num_pages, len(page)) == (14, 14, 696 - 13 * 50)
    assert 'href="?era=2019&amp;level=district&amp;page=13"' in response.content.decode()


def test_area_search_htmx_request_gets_only_the_results(client):
    response = client.get(SEARCH, {"q": "chuong my"}, **HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="id_q"' not in html
    assert "Phường Chương Mỹ" in html
    assert "HX-Request" in response["Vary"]


def test_area_search_box_asks_htmx_for_the_results_while_typing(client):
    html = client.get(SEARCH).content.decode()

    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#area-results"' in html
    assert '<div id="area-results">' in html


def test_area_search_shows_the_units_of_today_of_an_old_commune_default_first(client):
    response = client.get(SEARCH, {"q": "cong vi", "era": LEGACY, "level": Area.Level.COMMUNE}, **HTMX)
    page_text = text(response)

    assert found(response)[0] == (LEGACY, Area.Level.COMMUNE, "Phường Cống Vị")
    assert (
        "Phường Cống Vị Phường 00007 Quận Ba Đình, Thành phố Hà Nội Trước 01/07/2025 "
        "Phường Ngọc Hà, Thành phố Hà Nội mặc định Phường Giảng Võ, Thành phố Hà Nội (một phần)"
    ) in page_text


def test_area_search_shows_the_province_of_today_of_an_old_district(client):
    response = client.get(SEARCH, {"q": "con dao", "era": LEGACY}, **HTMX)

    assert (
        "Huyện Côn Đảo Huyện 755 Tỉnh Bà Rịa - Vũng Tàu Trước 01/07/2025 Đặc khu Côn Đảo, Thành phố Hồ Chí Minh "
        "thuộc Thành phố Hồ Chí Minh" in text(response)
    )


@pytest.mark.parametrize(("q", "era", "rows"), [("giang vo", LEGACY, 1), ("cong vi", "", 3)])
def test_area_search_query_count_does_not_grow_with_results(client, django_assert_num_queries, q, era, rows):
    # count, page of units with parents / provinces / successors, their mapping lines with the new units
    with django_assert_num_queries(3):
        response = client.get(SEARCH, {"q": q, "era": era})

    assert len(response.context["page"]) == rows


def test_area_search_refuses_post(client):
    assert client.post(SEARCH).status_code == 405


# --- detail ---------------------------------------------------------------------------------------------------


def test_area_detail_of_a_commune_of_today_lists_the_old_communes_merged_into_it(client):
    response = client.get(detail_url(CURRENT, Area.Level.COMMUNE, "10030"))
    page_text = text(response)

    assert response.status_code == 200
    assert "Xã Phú Nghĩa" in page_text
    assert "Thuộc Thành phố Hà Nội" in page_text
    assert "Hiệu lực từ 01/07/2025" in page_text
    assert "Xã Phú Nghĩa, Huyện Chương Mỹ, Thành phố Hà Nội" in page_text
    assert "Xã Đông Phương Yên, Huyện Chương Mỹ, Thành phố Hà Nội" in page_text
    assert (
        response.context["predecessors"].count()
        == Area.objects.get(era=CURRENT, level=Area.Level.COMMUNE, code="10030").mapped_from.count()
    )


def test_area_detail_marks_a_predecessor_that_was_divided(client):
    page_text = text(client.get(detail_url(CURRENT, Area.Level.COMMUNE, "00025")))  # Phường Giảng Võ

    assert "Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội (một phần)" in page_text
    assert "Phường Giảng Võ, Quận Ba Đình, Thành phố Hà Nội (một phần)" not in page_text


def test_area_detail_of_an_old_commune_shows_its_units_of_today(client):
    response = client.get(detail_url(LEGACY, Area.Level.COMMUNE, "00007"))
    page_text = text(response)
    html = response.content.decode()

    assert "Hiệu lực đến 30/06/2025" in page_text
    assert "Phường Ngọc Hà, Thành phố Hà Nội mặc định Phường Giảng Võ, Thành phố Hà Nội (một phần)" in page_text
    assert f'href="{detail_url(LEGACY, Area.Level.DISTRICT, "001")}"' in html
    assert f'href="{detail_url(LEGACY, Area.Level.PROVINCE, "01")}"' in html
    assert f'href="{detail_url(CURRENT, Area.Level.PROVINCE, "01")}"' in html


def test_area_detail_of_an_island_district_shows_its_special_zone(client):
    page_text = text(client.get(detail_url(LEGACY, Area.Level.DISTRICT, "755")))

    assert "Đơn vị hiện nay Đặc khu Côn Đảo, Thành phố Hồ Chí Minh" in page_text
    assert "Tỉnh/thành phố hiện nay Thành phố Hồ Chí Minh" in page_text


def test_area_detail_of_a_special_zone_names_the_island_district_it_was(client):
    page_text = text(client.get(detail_url(CURRENT, Area.Level.COMMUNE, "26732")))

    assert "Hình thành từ các đơn vị trước 01/07/2025 Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu" in page_text


def test_area_detail_of_an_old_district_lists_its_communes_and_what_they_are_now(client):
    response = client.get(detail_url(LEGACY, Area.Level.DISTRICT, "277"))
    page_text = text(response)

    assert response.context["children"].paginator.count == 30
    assert "Xã Phú Nghĩa 10033 Xã Phú Nghĩa, Thành phố Hà Nội" in page_text
    assert "nay thuộc Thành phố Hà Nội" in page_text


def test_area_detail_of_a_merged_province_lists_the_provinces_it_was_formed_from(client):
    response = client.get(detail_url(CURRENT, Area.Level.PROVINCE, "37"))

    assert [line.old.name for line in response.context["predecessors"]] == [
        "Tỉnh Hà Nam",
        "Tỉnh Nam Định",
        "Tỉnh Ninh Bình",
    ]


def test_area_detail_pages_the_children_of_a_province(client, hanoi):
    response = client.get(detail_url(CURRENT, Area.Level.PROVINCE, "01"), {"page": "3"})
    children = response.context["children"]

    assert (children.paginator.count, children.paginator.num_pages, len(children)) == (126, 3, 26)


@pytest.mark.parametrize(
    ("era", "level", "code", "queries"),
    [
        # the unit, its children's count, a page of them (when there are any), the units of today
        (LEGACY, Area.Level.DISTRICT, "277", 4),
        (LEGACY, Area.Level.COMMUNE, "00007", 3),
        # … or the units it was formed from, and the island districts it was
        (CURRENT, Area.Level.PROVINCE, "01", 5),
        (CURRENT, Area.Level.COMMUNE, "10030", 4),
    ],
)
def test_area_detail_query_count_does_not_grow_with_children(
    client, django_assert_num_queries, era, level, code, queries
):
    with django_assert_num_queries(queries):
        assert client.get(detail_url(era, level, code)).status_code == 200


@pytest.mark.parametrize(
    ("era", "level", "code"),
    [
        (CURRENT, Area.Level.DISTRICT, "277"),  # districts no longer exist
        (CURRENT, Area.Level.COMMUNE, "10033"),  # an old code that no commune of today kept
        (LEGACY, Area.Level.COMMUNE, "99999"),
        ("1975", Area.Level.PROVINCE, "01"),
        (CURRENT, "hamlet", "01"),
    ],
)
def test_area_detail_of_an_unknown_unit_is_404(client, era, level, code):
    assert client.get(detail_url(era, level, code)).status_code == 404


# --- commune options ------------------------------------------------------------------------------------------


def test_commune_options_lists_the_communes_of_a_province_of_today(client, hanoi):
    response = client.get(OPTIONS, {"province": hanoi.pk}, **HTMX)
    offered = options(response.content.decode())

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert offered.options[0] == ("", "— Chọn xã/phường/đặc khu —")
    assert offered.values[1:] == [str(c.pk) for c in communes_of(hanoi)]
    assert len(offered.values) == 1 + 126
    assert offered.selected == []


def test_commune_options_shows_special_zones(client):
    hcm = Area.objects.get(era=CURRENT, level=Area.Level.PROVINCE, code="79")

    labels = options(client.get(OPTIONS, {"province": hcm.pk}).content.decode()).labels

    assert "Đặc khu Côn Đảo" in labels
    assert {label.split()[0] for label in labels[1:]} == {"Phường", "Xã", "Đặc"}


def test_commune_options_answers_the_picker_under_its_own_parameter_name(client, ninh_binh):
    # htmx sends the province select under its name, `<field>_province`.
    response = client.get(OPTIONS, {"area_province": ninh_binh.pk}, **HTMX)

    assert options(response.content.decode()).values[1:] == [str(c.pk) for c in communes_of(ninh_binh)]


def test_commune_options_without_province_asks_for_one(client):
    response = client.get(OPTIONS, {"area_province": ""}, **HTMX)

    assert options(response.content.decode()).options == [("", "— Chọn tỉnh/thành phố trước —")]


@pytest.mark.parametrize("which", ["legacy province", "commune", "missing", "garbage"])
def test_commune_options_of_anything_but_a_province_of_today_is_404(client, which):
    value = {
        "legacy province": lambda: Area.objects.get(era=LEGACY, level=Area.Level.PROVINCE, code="35").pk,
        "commune": lambda: Area.objects.get(era=CURRENT, level=Area.Level.COMMUNE, code="10030").pk,
        "missing": lambda: 999999999,
        "garbage": lambda: "1; drop",
    }[which]()

    assert client.get(OPTIONS, {"province": value}).status_code == 404


def test_commune_options_query_count(client, django_assert_num_queries, hanoi):
    with django_assert_num_queries(2):  # the province, its communes
        client.get(OPTIONS, {"province": hanoi.pk})
