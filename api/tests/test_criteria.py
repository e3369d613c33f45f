import pytest

URL = "/api/v1/criteria-sets/"


def test_criteria_sets_are_public_and_current(api, db):
    response = api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 26
    assert [row["number"] for row in body["results"]] == list(range(1, 27))
    assert {row["legal_version"]["code"] for row in body["results"]} == {"QD26_2026"}


def test_criteria_set_detail(api, criteria_set):
    body = api.get(f"{URL}7/").json()

    assert body["number"] == 7
    assert body["code"] == criteria_set.code
    assert body["name"] == criteria_set.name
    assert body["name_en"] == "Processed vegetable, tuber, fruit and seed products"
    assert body["group"] == {"code": "I.3", "name": "Thực phẩm chế biến", "name_en": "Processed food"}
    assert body["sector"] == {"numeral": "I", "name": "Sản phẩm thực phẩm", "name_en": "Food products"}
    assert body["managing_agency"] == criteria_set.managing_agency
    assert body["legal_version"]["name"] == "Quyết định 26/2026/QĐ-TTg"


def test_criteria_sets_of_another_legal_version(api, db):
    # Only QĐ 26/2026's sets are loaded; the older decisions have none.
    assert api.get(URL, {"legal_version": "QD1048_2019"}).json()["count"] == 0
    assert api.get(f"{URL}7/", {"legal_version": "QD1048_2019"}).status_code == 404


def test_unknown_criteria_set_is_404(api, db):
    assert api.get(f"{URL}27/").status_code == 404


@pytest.mark.parametrize(("query", "item_count"), [({"group": "I.6"}, 1), ({"sector": "V"}, 3)])
def test_criteria_sets_list_query_count_is_constant(api, db, django_assert_num_queries, query, item_count):
    # count, page (with group, sector and legal version)
    with django_assert_num_queries(2):
        response = api.get(URL, query)

    assert response.json()["count"] == item_count
