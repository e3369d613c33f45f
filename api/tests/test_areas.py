import pytest

from areas.models import Area, AreaMapping

URL = "/api/v1/areas/"


def detail_url(area: Area) -> str:
    return f"{URL}{area.era}/{area.level}/{area.code}/"


def test_areas_are_public(api, commune_x):
    response = api.get(URL, {"era": "2025", "level": "commune", "q": "phu nghia"})

    assert response.status_code == 200
    assert commune_x.code in [row["code"] for row in response.json()["results"]]
    assert api.get(detail_url(commune_x)).status_code == 200


def test_areas_search_ignores_diacritics(api, commune_y):
    results = api.get(URL, {"era": "2025", "q": "chuong my"}).json()["results"]

    assert [(row["code"], row["name"]) for row in results] == [(commune_y.code, "Phường Chương Mỹ")]


def test_areas_filter_by_era_level_and_parent(api, hanoi):
    response = api.get(URL, {"era": "2025", "parent": "01"}).json()

    assert response["count"] == Area.objects.filter(parent=hanoi).count()
    assert {row["level"] for row in response["results"]} == {"commune"}
    assert api.get(URL, {"era": "2025", "level": "province"}).json()["count"] == 34
    assert api.get(URL, {"era": "2019", "level": "province"}).json()["count"] == 63


def test_areas_bad_filter_is_400(api, db):
    response = api.get(URL, {"era": "1990"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["era"]


def test_area_detail_of_today(api, commune_x):
    body = api.get(detail_url(commune_x)).json()

    assert body["url"] == f"http://testserver{detail_url(commune_x)}"
    assert (body["era"], body["level"], body["code"]) == ("2025", "commune", commune_x.code)
    assert body["full_name"] == "Xã Phú Nghĩa, Thành phố Hà Nội"
    assert body["parent"]["code"] == "01"
    assert body["current_communes"] == []


def test_legacy_commune_names_its_communes_of_today(api, db):
    divided = AreaMapping.objects.filter(is_default=False).select_related("old").first().old
    expected = {(m.new.code, m.is_default) for m in divided.mapped_to.select_related("new")}

    body = api.get(detail_url(divided)).json()

    assert body["era"] == "2019"
    assert body["parent"]["level"] == "district"
    assert body["current_province"]["era"] == "2025"
    assert {(row["area"]["code"], row["is_default"]) for row in body["current_communes"]} == expected
    assert len(expected) >= 2


def test_unknown_area_is_404(api, db):
    assert api.get(f"{URL}2025/commune/99999/").status_code == 404
    assert api.get(f"{URL}2030/commune/10030/").status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_areas_list_query_count_is_constant(api, db, django_assert_num_queries, item_count):
    # Huyện Cô Tô had three communes before 1 July 2025.
    district = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, code="207")
    communes = list(district.children.order_by("code"))
    query = {"era": "2019", "parent": district.code}
    if item_count == 1:
        query["q"] = communes[0].name

    # count, page (with parents and province), old→new mappings (with the new communes)
    with django_assert_num_queries(3):
        response = api.get(URL, query)

    assert response.json()["count"] == item_count
