import pytest
from django.urls import reverse

from audit.models import AuditEntry
from conftest import make_producer
from producers.models import Producer

# Who sees producer A (commune X, Hà Nội): persona -> status of its detail page.
DETAIL_SCOPE = [
    ("alice", 200),
    ("bob", 404),
    ("carol", 200),
    ("dave", 404),
    ("erin", 200),
    ("frank", 404),
    ("council", 200),
    ("advisor", 200),
    ("inspector", 200),
    ("minh", 200),
    ("root", 200),
]


@pytest.mark.parametrize(("persona", "status"), DETAIL_SCOPE)
def test_producer_detail_is_visible_only_inside_scope(client, request, producer_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(producer_a.get_absolute_url()).status_code == status


@pytest.mark.parametrize(("persona", "status"), DETAIL_SCOPE)
def test_producer_edit_page_is_404_outside_scope(client, request, producer_a, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("producers:edit", args=[producer_a.code]))
    if status == 404:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 403)


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("alice", True, False),
        ("carol", True, False),
        ("dave", False, True),
        ("erin", True, True),
        ("frank", False, False),
        ("minh", True, True),
    ],
)
def test_producer_list_is_filtered_by_scope(client, request, producer_a, producer_b, persona, sees_a, sees_b):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("producers:list")).content.decode()
    assert (producer_a.name in html) == sees_a
    assert (producer_b.name in html) == sees_b


def test_anonymous_visitor_is_sent_to_login(client, producer_a):
    response = client.get(producer_a.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_producer_search_ignores_diacritics(client, erin, producer_a, producer_b):
    client.force_login(erin)
    html = client.get(reverse("producers:list"), {"q": "phu nghia"}).content.decode()
    assert producer_a.name in html
    assert producer_b.name not in html


def test_producer_list_answers_htmx_with_the_results_partial_only(client, erin, producer_a):
    client.force_login(erin)
    html = client.get(reverse("producers:list"), HTTP_HX_REQUEST="true").content.decode()
    assert producer_a.name in html
    assert "<html" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_producer_list_query_count_does_not_grow_with_rows(client, erin, commune_x, django_assert_num_queries, count):
    for i in range(count):
        make_producer(name=f"HTX số {i}", area=commune_x, tax_code=["0100107518", "0100109106", "0300588569"][i])
    client.force_login(erin)
    with django_assert_num_queries(8):
        response = client.get(reverse("producers:list"))
    assert response.status_code == 200


def _form_data(commune, **overrides):
    data = {
        "name": "HTX Gốm Bát Tràng",
        "kind": "cooperative",
        "tax_code": "0101243150",
        "representative_name": "Lê Văn Gốm",
        "representative_gender": "male",
        "representative_ethnicity": "Kinh",
        "street_address": "Xóm 1",
        "area": commune.pk,
        "area_province": commune.parent_id,
        "phone": "0912 345 678",
        "founded_on": "15/03/2010",
    }
    data.update(overrides)
    return data


def test_commune_officer_registers_a_producer_through_the_form(client, carol, commune_x):
    client.force_login(carol)
    response = client.post(reverse("producers:create"), _form_data(commune_x))
    producer = Producer.objects.get(tax_code="0101243150")
    assert response.status_code == 302
    assert producer.founded_on.isoformat() == "2010-03-15"
    assert producer.phone == "0912345678"
    assert AuditEntry.objects.filter(object_id=str(producer.pk), action="create", actor=carol).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0101243151", "sai chữ số kiểm tra"),
        ("tax_code", "0100107518", "Đã có chủ thể đăng ký với mã số thuế này"),
        ("area", "999999999", "Hãy chọn xã/phường"),
        ("phone", "12", "Số điện thoại không hợp lệ"),
    ],
)
def test_bad_producer_input_gets_a_vietnamese_message_and_changes_nothing(
    client, carol, commune_x, producer_a, field, value, message
):
    client.force_login(carol)
    before = Producer.objects.count()
    response = client.post(reverse("producers:create"), _form_data(commune_x, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Producer.objects.count() == before


def test_producer_cannot_open_the_create_page(client, alice):
    client.force_login(alice)
    assert client.get(reverse("producers:create")).status_code == 404


def test_commune_officer_verifies_through_http(client, carol, commune_x):
    producer = make_producer(name="Hộ Nguyễn Văn A", area=commune_x, tax_code="001190012345", verified=False)
    client.force_login(carol)
    client.post(reverse("producers:verify", args=[producer.code]), {"approve": "yes", "note": ""})
    assert Producer.objects.get(pk=producer.pk).status == Producer.Status.VERIFIED


def test_officer_of_other_commune_gets_404_when_verifying(client, dave, commune_x):
    producer = make_producer(name="Hộ Nguyễn Văn A", area=commune_x, tax_code="001190012345", verified=False)
    client.force_login(dave)
    response = client.post(reverse("producers:verify", args=[producer.code]), {"approve": "yes"})
    assert response.status_code == 404
    assert Producer.objects.get(pk=producer.pk).status == Producer.Status.PENDING


def test_officer_sees_the_history_of_a_producer(client, carol, producer_a, alice):
    from producers.domain import update_producer

    update_producer(producer=producer_a, by=alice, phone="0911222333")
    client.force_login(carol)
    html = client.get(producer_a.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "0911222333" in html
