import pytest
from django.contrib.contenttypes.models import ContentType

from areas.models import Area
from audit.models import AuditEntry
from conftest import make_producer
from producers.models import Producer

from .conftest import valid_tax_code, wrong_check_digit

URL = "/api/v1/producers/"

# Who sees which of producer A (commune X, Hà Nội) and producer B (commune Y, Hà Nội).
VISIBLE = {
    "alice": {"a"},
    "bob": {"b"},
    "carol": {"a"},
    "dave": {"b"},
    "erin": {"a", "b"},
    "frank": set(),
    "council": {"a", "b"},
    "inspector": {"a", "b"},
    "minh": {"a", "b"},
    "root": {"a", "b"},
}


def new_producer(**overrides) -> dict:
    """Valid input for a new cooperative in commune X (10030, Xã Phú Nghĩa)."""
    data = {
        "name": "Hợp tác xã Mây tre đan Phú Nghĩa",
        "kind": "cooperative",
        "tax_code": valid_tax_code(),
        "representative_name": "Trần Văn Nam",
        "representative_gender": "male",
        "street_address": "Thôn Phú Hữu",
        "area_code": "10030",
        "phone": "0912000111",
    }
    return data | overrides


def audit_entries(producer_pk: int):
    content_type = ContentType.objects.get_for_model(Producer)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(producer_pk))


def test_producers_anonymous_is_refused(api, producer_a):
    assert api.get(URL).status_code == 403
    assert api.get(f"{URL}{producer_a.code}/").status_code == 403


@pytest.mark.parametrize("persona", VISIBLE)
def test_producers_list_is_the_persona_scope(api_as, persona, producer_a, producer_b):
    response = api_as(persona).get(URL)

    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    expected = {{"a": producer_a, "b": producer_b}[key].code for key in VISIBLE[persona]}
    assert codes == expected


@pytest.mark.parametrize("persona", VISIBLE)
def test_producers_outside_scope_are_404(api_as, persona, producer_a, producer_b):
    client = api_as(persona)
    for key, producer in (("a", producer_a), ("b", producer_b)):
        expected = 200 if key in VISIBLE[persona] else 404
        assert client.get(f"{URL}{producer.code}/").status_code == expected
        if expected == 404:
            assert client.patch(f"{URL}{producer.code}/", {"phone": "0900000000"}).status_code == 404
            assert client.delete(f"{URL}{producer.code}/").status_code == 404
            assert client.post(f"{URL}{producer.code}/verify/", {"approve": True}).status_code == 404


def test_producer_detail_has_area_of_today(api_as, producer_a, commune_x):
    body = api_as("alice").get(f"{URL}{producer_a.code}/").json()

    assert body["code"] == producer_a.code
    assert body["tax_code"] == "0100107518"
    assert body["area"]["code"] == commune_x.code
    assert body["area"]["full_name"] == str(commune_x)
    assert body["current_province"]["code"] == "01"
    assert body["status"] == "verified"
    assert body["url"].endswith(f"/api/v1/producers/{producer_a.code}/")
    assert "id" not in body


def test_producers_filters(api_as, producer_a, producer_b):
    client = api_as("erin")

    by_text = client.get(URL, {"q": "che chuong my"}).json()["results"]
    assert [row["code"] for row in by_text] == [producer_b.code]
    by_tax_code = client.get(URL, {"q": "0100107"}).json()["results"]
    assert {row["code"] for row in by_tax_code} == {producer_a.code}
    assert client.get(URL, {"status": "pending"}).json()["count"] == 0
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize("item_count", [1, 3])
def test_producers_list_query_count_is_constant(api_as, commune_x, django_assert_num_queries, item_count):
    for n in range(item_count):
        make_producer(name=f"Hợp tác xã số {n}", area=commune_x, tax_code=valid_tax_code())
    client = api_as("minh")

    # session, user, count, page, and the session refresh (savepoint, update, release)
    with django_assert_num_queries(7):
        response = client.get(URL)

    assert response.json()["count"] == item_count


def test_producer_create_by_commune_officer(api_as, carol, commune_x):
    data = new_producer()
    response = api_as("carol").post(URL, data)

    assert response.status_code == 201, response.json()
    body = response.json()
    producer = Producer.objects.get(code=body["code"])
    assert producer.tax_code == data["tax_code"]
    assert producer.area == commune_x
    assert producer.status == Producer.Status.PENDING
    entry = audit_entries(producer.pk).get()
    assert entry.action == "create"
    assert entry.actor == carol
    assert entry.changes["tax_code"] == [None, data["tax_code"]]


def test_producer_create_with_legacy_commune_code(api_as, commune_x):
    legacy = Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, successor=commune_x).first()
    response = api_as("erin").post(URL, new_producer(area_code=legacy.code, area_era="2019"))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["area"]["era"] == "2019"
    assert body["current_commune"]["code"] == commune_x.code


def test_producer_create_wrong_check_digit_is_400(api_as, db):
    data = new_producer()
    data["tax_code"] = wrong_check_digit(data["tax_code"])

    response = api_as("carol").post(URL, data)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "tax_code": [f"Mã số thuế {data['tax_code']} sai chữ số kiểm tra: hãy kiểm tra lại từng chữ số."]
    }
    assert not Producer.objects.filter(tax_code=data["tax_code"]).exists()
    assert not AuditEntry.objects.exists()


def test_producer_create_duplicate_tax_code_is_400(api_as, producer_a):
    response = api_as("carol").post(URL, new_producer(tax_code=producer_a.tax_code))

    assert response.status_code == 400
    assert response.json()["errors"]["tax_code"][0].startswith("Đã có chủ thể")
    assert Producer.objects.filter(tax_code=producer_a.tax_code).count() == 1


def test_producer_create_unknown_area_code_is_400(api_as, db):
    response = api_as("erin").post(URL, new_producer(area_code="99999"))

    assert response.status_code == 400
    assert response.json()["errors"] == {"area_code": ["Không có xã/phường nào mã 99999."]}
    assert not Producer.objects.exists()


def test_producer_create_outside_officer_area_is_400(api_as, commune_y):
    # Carol is the officer of commune X, not of commune Y.
    response = api_as("carol").post(URL, new_producer(area_code=commune_y.code))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["area_code"]
    assert not Producer.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "council", "minh"])
def test_producer_create_is_forbidden_to_other_roles(api_as, persona):
    response = api_as(persona).post(URL, new_producer())

    assert response.status_code == 403
    assert not Producer.objects.filter(name=new_producer()["name"]).exists()


def test_producer_update_by_its_own_user_is_audited(api_as, alice, producer_a):
    response = api_as("alice").patch(f"{URL}{producer_a.code}/", {"phone": "0988777666", "email": "htx@example.vn"})

    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "0988777666"
    producer_a.refresh_from_db()
    assert producer_a.phone == "0988777666"
    entry = audit_entries(producer_a.pk).filter(action="update").get()
    assert entry.actor == alice
    assert entry.changes["phone"] == ["0912345678", "0988777666"]


def test_producer_update_of_identity_by_producer_needs_new_verification(api_as, producer_a):
    response = api_as("alice").patch(f"{URL}{producer_a.code}/", {"name": "HTX Nông sản sạch Phú Nghĩa"})

    assert response.status_code == 200
    assert response.json()["status"] == "pending"


def test_producer_update_bad_input_is_400_and_changes_nothing(api_as, producer_a):
    client = api_as("carol")

    bad_tax_code = client.patch(f"{URL}{producer_a.code}/", {"tax_code": "0100107519"})
    unknown_area = client.patch(f"{URL}{producer_a.code}/", {"area_code": "99999"})

    assert bad_tax_code.status_code == 400
    assert "sai chữ số kiểm tra" in bad_tax_code.json()["errors"]["tax_code"][0]
    assert unknown_area.status_code == 400
    assert unknown_area.json()["errors"] == {"area_code": ["Không có xã/phường nào mã 99999."]}
    producer_a.refresh_from_db()
    assert producer_a.tax_code == "0100107518"
    assert not audit_entries(producer_a.pk).filter(action="update").exists()


@pytest.mark.parametrize("persona", ["council", "inspector", "minh"])
def test_producer_update_by_who_only_sees_it_is_403(api_as, persona, producer_a):
    response = api_as(persona).patch(f"{URL}{producer_a.code}/", {"phone": "0900000000"})

    assert response.status_code == 403
    producer_a.refresh_from_db()
    assert producer_a.phone == "0912345678"


def test_producer_put_is_not_offered(api_as, producer_a):
    assert api_as("carol").put(f"{URL}{producer_a.code}/", new_producer()).status_code == 405


def test_producer_verify_by_commune(api_as, carol, commune_x):
    producer = make_producer(name="HTX Chờ xác minh", area=commune_x, tax_code=valid_tax_code(), verified=False)

    response = api_as("carol").post(f"{URL}{producer.code}/verify/", {"approve": True, "note": "Đã kiểm tra"})

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified"
    entry = audit_entries(producer.pk).filter(action="transition").get()
    assert entry.actor == carol
    assert entry.changes["status"] == ["pending", "verified"]


def test_producer_refusal_needs_a_reason(api_as, commune_x):
    producer = make_producer(name="HTX Chờ xác minh", area=commune_x, tax_code=valid_tax_code(), verified=False)

    response = api_as("carol").post(f"{URL}{producer.code}/verify/", {"approve": False})

    assert response.status_code == 400
    assert response.json()["errors"] == {"note": ["Hãy ghi rõ lý do không xác minh."]}
    producer.refresh_from_db()
    assert producer.status == Producer.Status.PENDING


def test_producer_cannot_verify_itself(api_as, producer_a):
    assert api_as("alice").post(f"{URL}{producer_a.code}/verify/", {"approve": True}).status_code == 403


def test_producer_delete_by_province_officer_is_audited(api_as, erin, commune_x):
    producer = make_producer(name="HTX Đăng ký nhầm", area=commune_x, tax_code=valid_tax_code())
    pk = producer.pk

    response = api_as("erin").delete(f"{URL}{producer.code}/")

    assert response.status_code == 204
    assert not Producer.objects.filter(pk=pk).exists()
    entry = audit_entries(pk).get(action="delete")
    assert entry.actor == erin
    assert entry.changes["name"] == ["HTX Đăng ký nhầm", None]


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_producer_delete_is_forbidden_to_producer_and_commune(api_as, persona, producer_a):
    assert api_as(persona).delete(f"{URL}{producer_a.code}/").status_code == 403
    assert Producer.objects.filter(pk=producer_a.pk).exists()


def test_producer_with_products_cannot_be_deleted(api_as, product_a):
    response = api_as("erin").delete(f"{URL}{product_a.producer.code}/")

    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Không thể xoá chủ thể đã có sản phẩm."]}
