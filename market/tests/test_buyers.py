"""Buyers through HTTP: a buyer signs up, the province verifies it, it posts a demand and reads its explained matches,
a producer answers, and they write to each other; scope and the pending buyer's limits."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from market.models import Buyer, Conversation, Demand, Message
from notifications.models import Notification
from public.tests.factories import make_certificate
from reports.tests.helpers import api_row, page_row, sheet_row, workbook_sheets

from .conftest import make_buyer, make_demand

pytestmark = pytest.mark.django_db

HANOI = "2025-province-01"


def _sign_up(client, commune, *, username="coopmart", tax_code="0100109106-002"):
    return client.post(
        reverse("market:buyer_register"),
        {
            "username": username,
            "email": f"{username}@example.vn",
            "password1": "Mua-hang-2026",
            "password2": "Mua-hang-2026",
            "name": "Hệ thống siêu thị Hà Nội Xanh",
            "kind": "supermarket",
            "tax_code": tax_code,
            "street_address": "Số 10 Tràng Tiền",
            "area_province": commune.parent_id,
            "area": commune.pk,
            "contact_name": "Lê Thu Hà",
            "phone": "0912 000 111",
            "website": "https://hanoixanh.vn",
        },
    )


def _demand_form(criteria_set, hanoi, **extra):
    today = timezone.localdate()
    data = {
        "title": "Mứt gừng cho quầy quà Tết",
        "criteria_set": criteria_set.pk,
        "quantity": "800",
        "unit": "hộp",
        "period_from": f"{today + datetime.timedelta(days=20):%d/%m/%Y}",
        "period_to": f"{today + datetime.timedelta(days=50):%d/%m/%Y}",
        "min_stars": "4",
        "strict_min_stars": "on",
        "certifications": ["vietgap"],
        "packaging": "Hộp giấy 250 g",
        "delivery_area_province": hanoi.pk,
        "delivery_area": "",
        "deadline": f"{today + datetime.timedelta(days=10):%d/%m/%Y}",
        "note": "",
    }
    data.update(extra)
    return data


def test_buyer_journey_register_verify_post_match_answer_and_message(
    client, erin, alice, hanoi, commune_x, criteria_set, product_a, product_b, django_capture_on_commit_callbacks
):
    make_certificate(product_a, stars=4)
    make_certificate(product_b, stars=3)
    alice.email = "alice@htx-phunghia.vn"
    alice.save(update_fields=["email"])

    response = _sign_up(client, commune_x)
    buyer = Buyer.objects.get(name="Hệ thống siêu thị Hà Nội Xanh")
    assert (response.status_code, response.url, buyer.status, buyer.province) == (
        302,
        buyer.get_absolute_url(),
        Buyer.Status.PENDING,
        hanoi,
    )
    assert list(Notification.objects.filter(recipient=erin).values_list("url", flat=True)) == [buyer.get_absolute_url()]
    pending = client.post(reverse("market:demand_create"), _demand_form(criteria_set, hanoi))
    assert (pending.status_code, Demand.objects.count()) == (302, 0)

    client.force_login(erin)
    assert buyer.name in client.get(reverse("market:buyers") + "?status=pending").content.decode()
    refused_without_reason = client.post(reverse("market:buyer_verify", args=[buyer.code]), {"approve": "0"})
    buyer.refresh_from_db()
    assert (refused_without_reason.status_code, buyer.status) == (302, Buyer.Status.PENDING)
    client.post(reverse("market:buyer_verify", args=[buyer.code]), {"approve": "1", "note": ""})
    buyer.refresh_from_db()
    assert (buyer.status, buyer.verified_by) == (Buyer.Status.VERIFIED, erin)
    assert Notification.objects.filter(recipient=buyer.account, url=buyer.get_absolute_url()).count() == 1

    client.force_login(buyer.account)
    posted = client.post(reverse("market:demand_create"), _demand_form(criteria_set, hanoi))
    demand = Demand.objects.get()
    assert (posted.status_code, posted.url, demand.delivery_area, demand.certifications) == (
        302,
        demand.get_absolute_url(),
        hanoi,
        ["vietgap"],
    )
    page = client.get(demand.get_absolute_url()).content.decode()
    # Product B has 3★ against a strict 4★: it is not offered; product A's missing VietGAP is explained.
    assert "Mứt gừng Phú Nghĩa" in page and "Chè búp Chương Mỹ" not in page
    assert "✗ Không đạt — Chứng nhận VietGAP: Không có chứng nhận còn hiệu lực" in page
    assert "✓ Đạt — Hạng sao tối thiểu 4★" in page

    producer = product_a.producer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contacted = client.post(
            reverse("market:contact", args=[demand.code, producer.code]), {"body": "Xin báo giá 800 hộp."}
        )
    conversation = Conversation.objects.get()
    assert (contacted.status_code, contacted.url) == (302, conversation.get_absolute_url())
    assert Notification.objects.filter(recipient=alice, url=conversation.get_absolute_url()).count() == 1
    assert [m.to for m in mail.outbox] == [["alice@htx-phunghia.vn"]]

    client.force_login(alice)
    listing = client.get(reverse("market:demands")).content.decode()
    assert demand.title in listing
    answered = client.post(
        reverse("market:demand_answer", args=[demand.code]),
        {"products": [product_a.pk], "offered_quantity": "800 hộp", "offered_price": "85.000 đ/hộp", "message": "Có"},
    )
    conversation.refresh_from_db()
    assert (answered.status_code, conversation.answered_at is not None, list(conversation.products.all())) == (
        302,
        True,
        [product_a],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replied = client.post(conversation.get_absolute_url(), {"body": "Giao được từ tuần sau."})
    assert (replied.status_code, [m.to for m in mail.outbox]) == (302, [["coopmart@example.vn"]])
    assert Notification.objects.filter(recipient=buyer.account, url=conversation.get_absolute_url()).count() == 2
    assert list(Message.objects.values_list("from_buyer", "body")) == [
        (True, "Xin báo giá 800 hộp."),
        (False, "Có"),
        (False, "Giao được từ tuần sau."),
    ]

    client.force_login(buyer.account)
    thread = client.get(conversation.get_absolute_url()).content.decode()
    assert "Giao được từ tuần sau." in thread
    htmx = client.post(conversation.get_absolute_url(), {"body": "Đồng ý."}, headers={"HX-Request": "true"})
    assert (htmx.status_code, "Đồng ý." in htmx.content.decode(), "<html" in htmx.content.decode()) == (
        200,
        True,
        False,
    )
    audited = {
        (e.content_type.model, e.action)
        for e in AuditEntry.objects.filter(object_id__in=[buyer.pk, demand.pk, conversation.pk])
    }
    assert {("buyer", "create"), ("buyer", "transition"), ("demand", "create"), ("conversation", "create")} <= audited
    assert AuditEntry.objects.filter(content_type__model="message").count() == 4


def test_another_provinces_officer_gets_404_on_buyer_and_demand(client, erin, frank, mart, hanoi, criteria_set):
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    client.force_login(frank)
    pages = [
        mart.buyer.get_absolute_url(),
        demand.get_absolute_url(),
    ]
    assert [client.get(url).status_code for url in pages] == [404, 404]
    verify = client.post(reverse("market:buyer_verify", args=[mart.buyer.code]), {"approve": "1"})
    assert verify.status_code == 404
    client.force_login(erin)
    assert [client.get(url).status_code for url in pages] == [200, 200]


def test_another_buyer_and_an_unfit_producer_get_404_on_a_demand(
    client, erin, mart, bob, hanoi, commune_y, criteria_set, product_b
):
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    other = make_buyer("nhaphanphoi", area=commune_y, name="Nhà phân phối Tây Hồ", tax_code="0100107518-001")
    client.force_login(other)
    assert client.get(demand.get_absolute_url()).status_code == 404
    client.force_login(bob)  # product B has no certificate: the demand does not fit it
    assert client.get(demand.get_absolute_url()).status_code == 404


def test_a_pending_buyer_cannot_post_a_demand(client, commune_x, hanoi, criteria_set):
    user = make_buyer("chuaxacminh", area=commune_x, name="Cửa hàng Đặc sản Việt", tax_code="0100107518-002")
    client.force_login(user)
    response = client.post(reverse("market:demand_create"), _demand_form(criteria_set, hanoi))
    assert (response.status_code, response.url, Demand.objects.count()) == (302, user.buyer.get_absolute_url(), 0)


def test_refusing_a_buyer_needs_a_reason_and_tells_it(client, erin, commune_x):
    user = make_buyer("bituchoi", area=commune_x, name="Công ty Thương mại ABC", tax_code="0100107518-003")
    client.force_login(erin)
    client.post(reverse("market:buyer_verify", args=[user.buyer.code]), {"approve": "0", "note": "Sai mã số thuế"})
    user.buyer.refresh_from_db()
    assert (user.buyer.status, user.buyer.status_note) == (Buyer.Status.REFUSED, "Sai mã số thuế")
    assert Notification.objects.get(recipient=user).message == (
        "Bên mua Công ty Thương mại ABC không được xác minh: Sai mã số thuế"
    )


def test_demand_form_refuses_a_past_deadline_and_changes_nothing(client, mart, hanoi, criteria_set):
    client.force_login(mart)
    data = _demand_form(criteria_set, hanoi, deadline="01/01/2020")
    response = client.post(reverse("market:demand_create"), data)
    assert (response.status_code, Demand.objects.count()) == (200, 0)
    assert "Hạn nhận chào hàng đã qua." in response.content.decode()


def test_buyer_closes_its_demand_and_the_answering_producers_are_told(
    client, mart, alice, hanoi, criteria_set, product_a
):
    from market.domain.demands import answer_demand

    make_certificate(product_a)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    answer_demand(demand=demand, producer=product_a.producer, products=[product_a], message="Chào hàng", by=alice)
    client.force_login(mart)
    client.post(reverse("market:demand_end", args=[demand.code]), {"status": "closed"})
    demand.refresh_from_db()
    assert demand.status == Demand.Status.CLOSED
    assert Notification.objects.filter(recipient=alice, url=demand.get_absolute_url()).count() == 1
    client.force_login(alice)
    late = client.post(
        reverse("market:demand_answer", args=[demand.code]), {"products": [product_a.pk], "message": "Lần nữa"}
    )
    assert late.status_code == 400


def test_demands_answers_and_buyers_are_counted_in_the_report_page_sheet_and_api(
    client, erin, mart, alice, bob, commune_y, hanoi, criteria_set, product_a, product_b
):
    from market.domain.demands import answer_demand

    make_certificate(product_a)
    make_certificate(product_b)
    answered = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi, title="Chưa ai chào")
    make_buyer("dangcho", area=commune_y, name="Cửa hàng chờ xác minh", tax_code="0100107518-004")
    for user, product in ((alice, product_a), (bob, product_b)):
        answer_demand(demand=answered, producer=product.producer, products=[product], message="Chào hàng", by=user)
    client.force_login(erin)
    query = {"area": HANOI, "first": timezone.localdate().year}
    report = client.get(reverse("reports:report"), query).content.decode()
    sheet = next(
        iter(workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": "market"}).content).values())
    )
    api = client.get(reverse("api:v1:statistics-table", args=["market"]), query).json()
    expected = {
        "Bên mua được xác minh": [1, None, None],
        "Nhu cầu mua được đăng": [2, None, None],
        "Nhu cầu mua có chủ thể chào hàng": [1, None, None],
        "Lượt chủ thể chào hàng": [2, None, None],
    }
    for label, values in expected.items():
        assert api_row(api, "market", label)[1:] == values, label
        assert list(sheet_row(sheet, label)[1:]) == values, label
        assert page_row(report, "market", label)[1] == str(values[0]), label


def test_home_pages_show_buyers_to_verify_demands_to_answer_and_the_buyers_own(
    client, erin, alice, commune_x, hanoi, criteria_set, product_a
):
    from dashboards.work import panels_for

    make_certificate(product_a)
    pending = make_buyer("moidangky", area=commune_x, name="Siêu thị Mới", tax_code="0100107518-005")
    mart = make_buyer("daxacminh", area=commune_x, name="Siêu thị Cũ", tax_code="0100107518-006", verified_by=erin)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)

    def panel(user, key):
        return [(i.label, i.url) for p in panels_for(user) if p.key == key for i in p.items]

    assert panel(erin, "buyers_to_verify") == [("Siêu thị Mới", pending.buyer.get_absolute_url())]
    assert panel(alice, "demands_to_answer") == [(demand.title, demand.get_absolute_url())]
    assert panel(mart, "my_demands") == [(demand.title, demand.get_absolute_url())]
    client.force_login(erin)
    home = client.get(reverse("dashboards:home")).content.decode()
    assert "Siêu thị Mới" in home and "Nhu cầu mua được đăng" in home
    client.force_login(mart)
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_product_certifications_are_declared_by_the_producer_and_audited(client, alice, bob, product_a):
    url = reverse("market:certifications", args=[product_a.code])
    client.force_login(alice)
    client.post(url, {"kind": "vietgap", "number": "VG-01", "valid_until": "31/12/2027"})
    client.post(url, {"kind": "vietgap", "number": "VG-02", "valid_until": ""})
    assert list(product_a.certifications.values_list("kind", "number", "valid_until")) == [("vietgap", "VG-02", None)]
    assert list(
        AuditEntry.objects.filter(content_type__model="productcertification")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update"]
    client.force_login(bob)
    assert client.get(url).status_code == 404


def test_menus_lead_buyers_producers_and_officers_to_their_pages(client, erin, alice, mart):
    demands, buyers = reverse("market:demands"), reverse("market:buyers")
    shown = {}
    for user in (erin, alice, mart):
        client.force_login(user)
        page = client.get(reverse("dashboards:home")).content.decode()
        shown[user.username] = (f'href="{demands}"' in page, f'href="{buyers}"' in page)
    assert shown == {"erin": (True, True), "alice": (True, False), "sieuthi": (True, False)}


def test_an_agreement_recorded_from_a_demand_names_its_buyer_and_is_counted(
    client, mart, alice, hanoi, criteria_set, product_a
):
    from market.domain.demands import answer_demand
    from market.models import TradeAgreement

    make_certificate(product_a)
    demand = make_demand(mart, criteria_set=criteria_set, delivery_area=hanoi)
    answer_demand(demand=demand, producer=product_a.producer, products=[product_a], message="Chào hàng", by=alice)
    client.force_login(alice)
    form = client.get(reverse("market:agreement_create"), {"demand": demand.code}).content.decode()
    assert f'value="{demand.code}" selected' in form
    response = client.post(
        reverse("market:agreement_create"),
        {
            "producer": product_a.producer.pk,
            "kind": "contract",
            "demand": demand.code,
            "counterpart_name": "",
            "counterpart_kind": "",
            "products": [product_a.pk],
            "signed_on": f"{timezone.localdate():%d/%m/%Y}",
        },
    )
    agreement = TradeAgreement.objects.get()
    assert (response.status_code, agreement.buyer, agreement.demand, agreement.counterpart_name) == (
        302,
        mart.buyer,
        demand,
        "Chuỗi siêu thị Thủ Đô",
    )
    assert agreement.counterpart_kind == "supermarket"
    nameless = client.post(
        reverse("market:agreement_create"),
        {"producer": product_a.producer.pk, "kind": "contract", "signed_on": f"{timezone.localdate():%d/%m/%Y}"},
    )
    assert (nameless.status_code, TradeAgreement.objects.count()) == (400, 1)
