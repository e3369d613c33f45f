"""The market's workflows through HTTP: an event's applications, decisions, outcome and memoranda, counted in the
report (page, .xlsx, API); a sales point in a product's "where to buy" and on its stamps' page; listings; scope."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from market.domain.listings import add_listing
from market.domain.sales_points import notify_sales_points
from market.models import Listing, Participation, SalesPoint, SalesPointNotice, TradeAgreement
from notifications.models import Notification
from programme.domain import set_plan
from programme.models import Indicator
from public.tests.factories import first_stamp, make_batch, make_certificate
from reports.tests.helpers import api_row, page_row, sheet_row, workbook_sheets

from .conftest import make_fair

HANOI = "2025-province-01"


def _participation(event, producer) -> Participation:
    return Participation.objects.get(event=event, producer=producer)


@pytest.fixture
def running_fair(erin, hanoi):
    """A fair of Hà Nội that opens today, with room for two producers."""
    return make_fair(by=erin, area=hanoi, capacity=2, days_ahead=0)


def test_event_applications_decisions_and_memoranda_are_counted_in_its_outcome_and_the_report(
    client, running_fair, erin, alice, bob, producer_a, producer_b, product_a, product_b, certificate_a, certificate_b
):
    fair, today = running_fair, timezone.localdate()
    set_plan(area=fair.area, year=today.year, indicator=Indicator.TRADE_AGREEMENTS, target=4, by=erin)
    for user, product in ((alice, product_a), (bob, product_b)):
        client.force_login(user)
        response = client.post(reverse("market:apply", args=[fair.code]), {"products": [product.pk]})
        assert response.status_code == 302
    client.force_login(erin)
    decide = "market:decide"
    accepted = client.post(
        reverse(decide, args=[fair.code, _participation(fair, producer_a).code]), {"accept": "1", "reason": ""}
    )
    no_reason = client.post(
        reverse(decide, args=[fair.code, _participation(fair, producer_b).code]), {"accept": "0", "reason": ""}
    )
    assert (accepted.status_code, no_reason.status_code) == (302, 400)
    assert _participation(fair, producer_b).status == Participation.Status.APPLIED
    declined = client.post(
        reverse(decide, args=[fair.code, _participation(fair, producer_b).code]),
        {"accept": "0", "reason": "Gian hàng đã kín ngành chè"},
    )
    assert declined.status_code == 302
    outcome = client.post(reverse("market:outcome", args=[fair.code]), {"visitors": "12500", "sales": "350000000"})
    assert outcome.status_code == 302
    for buyer in ("Siêu thị BRG Mart", "Công ty Phân phối Hapro"):
        response = client.post(
            reverse("market:agreement_create"),
            {
                "producer": producer_a.pk,
                "kind": TradeAgreement.Kind.MEMORANDUM,
                "counterpart_name": buyer,
                "counterpart_kind": "supermarket",
                "products": [product_a.pk],
                "signed_on": today.strftime("%d/%m/%Y"),
                "event": fair.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()
    # A producer that did not take part cannot have signed there.
    refused = client.post(
        reverse("market:agreement_create"),
        {
            "producer": producer_b.pk,
            "kind": TradeAgreement.Kind.MEMORANDUM,
            "counterpart_name": "Cửa hàng X",
            "counterpart_kind": "shop",
            "signed_on": today.strftime("%d/%m/%Y"),
            "event": fair.pk,
        },
    )
    assert refused.status_code == 400
    # Nor one without a counterpart: the rule is the domain's, the form shows it on the fields.
    nameless = client.post(
        reverse("market:agreement_create"),
        {"producer": producer_a.pk, "kind": TradeAgreement.Kind.MEMORANDUM, "signed_on": today.strftime("%d/%m/%Y")},
    )
    assert nameless.status_code == 400
    assert "Hãy ghi tên bên mua, phân phối" in nameless.content.decode()
    assert "Hãy chọn loại bên mua." in nameless.content.decode()
    assert TradeAgreement.objects.count() == 2

    page = client.get(reverse("market:event", args=[fair.code])).content.decode()
    assert re.search(r'id="memoranda">(\d+)<', page).group(1) == "2"
    assert re.search(r'id="accepted-count">([^<]+)<', page).group(1) == "1 / 2"

    public = client.get(reverse("events:public_event", args=[fair.code])).content.decode()
    participants = re.search(r'<ul id="participants">(.*?)</ul>', public, re.S).group(1)
    assert (producer_a.name in participants, producer_b.name in participants) == (True, False)
    assert product_a.name in participants
    assert re.search(r'id="memoranda">(\d+)<', public).group(1) == "2"

    query = {"area": HANOI, "first": today.year}
    report = client.get(reverse("reports:report"), query).content.decode()
    sheet = next(
        iter(workbook_sheets(client.get(reverse("reports:xlsx"), {**query, "table": "market"}).content).values())
    )
    api = client.get(reverse("api:v1:statistics-table", args=["market"]), query).json()
    expected = {
        "Hội chợ, triển lãm, xúc tiến thương mại": [1, None, None],
        "Lượt chủ thể tham gia sự kiện": [1, None, None],
        "Thỏa thuận, hợp đồng thương mại": [2, 4, 50.0],
        "Trong đó biên bản ghi nhớ": [2, None, None],
        "Điểm giới thiệu và bán sản phẩm OCOP": [0, None, None],
    }
    for label, values in expected.items():
        assert api_row(api, "market", label)[1:] == values, label
        assert list(sheet_row(sheet, label)[1:]) == values, label
        assert page_row(report, "market", label)[1] == str(values[0]), label
    assert page_row(report, "market", "Thỏa thuận, hợp đồng thương mại")[2:] == ["4", "50,0"]


def test_an_officer_of_another_province_gets_404_on_the_events_market_pages(client, fair, frank, carol, dave):
    client.force_login(frank)
    assert client.get(reverse("market:event", args=[fair.code])).status_code == 404
    assert client.post(reverse("market:outcome", args=[fair.code]), {"visitors": "1"}).status_code == 404


def test_a_producer_sees_an_event_that_takes_applications_and_not_one_that_does_not(client, erin, hanoi, alice):
    open_ = make_fair(by=erin, area=hanoi)
    closed = make_fair(by=erin, area=hanoi, accepts=False, topic="Hội nghị nội bộ")
    client.force_login(alice)
    assert client.get(reverse("market:event", args=[open_.code])).status_code == 200
    assert client.get(reverse("market:event", args=[closed.code])).status_code == 404


def test_calendar_lists_upcoming_and_past_trade_events_filtered_by_province(client, erin, frank, hanoi, ninh_binh):
    upcoming = make_fair(by=erin, area=hanoi, topic="Tuần hàng OCOP Hà Nội")
    past = make_fair(by=erin, area=hanoi, days_ahead=-40, topic="Hội chợ mùa xuân")
    elsewhere = make_fair(by=frank, area=ninh_binh, topic="Hội chợ Ninh Bình")
    page = client.get(reverse("events:calendar"), {"tinh": "01"}).content.decode()
    upcoming_list = re.search(r'<ul id="upcoming">(.*?)</ul>', page, re.S).group(1)
    past_list = re.search(r'<ul id="past">(.*?)</ul>', page, re.S).group(1)
    assert (upcoming.topic in upcoming_list, past.topic in past_list) == (True, True)
    assert elsewhere.topic not in page
    assert elsewhere.topic in client.get(reverse("events:calendar")).content.decode()


def test_ical_feed_has_one_all_day_event_per_trade_event(client, erin, hanoi):
    import icalendar

    fair = make_fair(by=erin, area=hanoi)
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == fair.topic
    assert (entry.decoded("dtstart"), entry.decoded("dtend")) == (
        fair.starts_on,
        fair.ends_on + datetime.timedelta(days=1),
    )


def _sales_point_form(commune, **extra) -> dict:
    return {
        "name": "Điểm giới thiệu sản phẩm OCOP Hoàn Kiếm",
        "operator": "Công ty CP Thương mại Hà Nội",
        "address": "Số 2 Lê Thái Tổ",
        "area": commune.pk,
        "opening_hours": "8:00–21:00 hằng ngày",
        "phone": "0243 8250 000",
        "decision_number": "125/QĐ-SCT",
        "decision_date": "15/05/2025",
        "is_open": "on",
        **extra,
    }


def _where_to_buy(html: str) -> str:
    found = re.search(r'<ol class="where-to-buy sales-points" id="sales-points">(.*?)</ol>', html, re.S)
    return found.group(1) if found else ""


def test_a_sales_point_carrying_a_product_shows_on_its_pages_until_the_certificate_expires(
    client, erin, commune_x, product_a, alice
):
    today = timezone.localdate()
    certificate = make_certificate(product_a, expires_on=today + datetime.timedelta(days=400))
    batch = make_batch(product_a, certificate, alice)
    client.force_login(erin)
    response = client.post(reverse("market:sales_point_create"), _sales_point_form(commune_x))
    assert response.status_code == 302
    point = SalesPoint.objects.get()
    response = client.post(reverse("market:shelf_add", args=[point.code]), {"product": product_a.pk})
    assert response.status_code == 302
    client.logout()

    product_page = client.get(reverse("public:product", args=[product_a.code])).content.decode()
    stamp_page = client.get(f"/s/{first_stamp(batch).serial}").content.decode()
    assert point.name in _where_to_buy(product_page)
    assert point.name in _where_to_buy(stamp_page)

    certificate.expires_on = today - datetime.timedelta(days=1)
    certificate.save()
    product_page = client.get(reverse("public:product", args=[product_a.code])).content.decode()
    stamp_page = client.get(f"/s/{first_stamp(batch).serial}").content.decode()
    assert (_where_to_buy(product_page), _where_to_buy(stamp_page)) == ("", "")
    assert point.name not in stamp_page


def test_where_to_buy_is_nearest_first_with_a_shared_location_and_refuses_a_bad_one(client, erin, commune_x, product_a):
    from market.domain.sales_points import save_sales_point, set_products

    make_certificate(product_a)
    for name, lat, lon in (("Điểm Sóc Sơn", "21.25", "105.85"), ("Điểm Hoàn Kiếm", "21.03", "105.85")):
        point = save_sales_point(
            sales_point=SalesPoint(
                name=name,
                operator="HTX",
                address="Số 1",
                area=commune_x,
                decision_number="1/QĐ",
                decision_date=datetime.date(2025, 1, 2),
                latitude=lat,
                longitude=lon,
            ),
            by=erin,
        )
        set_products(sales_point=point, products=[product_a], by=erin)
    url = reverse("public:product", args=[product_a.code])
    near = _where_to_buy(client.get(url, {"lat": "21.03", "lon": "105.85"}).content.decode())
    assert near.index("Điểm Hoàn Kiếm") < near.index("Điểm Sóc Sơn")
    assert "cách bạn khoảng 0,0 km" in near
    bad = client.get(url, {"lat": "1e9", "lon": "abc"}).content.decode()
    assert "Vị trí không hợp lệ" in bad
    by_name = _where_to_buy(bad)
    assert by_name.index("Điểm Hoàn Kiếm") < by_name.index("Điểm Sóc Sơn")
    assert "cách bạn" not in by_name


def test_a_sales_point_of_another_province_is_a_404_and_a_commune_outside_is_refused(
    client, erin, frank, commune_x, commune_nb
):
    client.force_login(erin)
    refused = client.post(reverse("market:sales_point_create"), _sales_point_form(commune_nb))
    assert refused.status_code == 200 and SalesPoint.objects.count() == 0
    client.post(reverse("market:sales_point_create"), _sales_point_form(commune_x))
    point = SalesPoint.objects.get()
    client.force_login(frank)
    assert client.get(reverse("market:sales_point", args=[point.code])).status_code == 404
    assert client.get(reverse("market:sales_point_edit", args=[point.code])).status_code == 404


def test_sales_points_are_told_once_when_a_carried_product_expires_or_is_withdrawn(
    erin, carol, commune_x, product_a, product_b, mailoutbox, django_capture_on_commit_callbacks
):
    from market.domain.sales_points import save_sales_point, set_products

    today = timezone.localdate()
    carol.email = "carol@xa-x.gov.vn"
    carol.save()
    expired = make_certificate(product_a)
    withdrawn = make_certificate(product_b)
    point = save_sales_point(
        sales_point=SalesPoint(
            name="Điểm OCOP",
            operator="HTX",
            address="Số 1",
            area=commune_x,
            decision_number="1/QĐ",
            decision_date=datetime.date(2025, 1, 2),
            email="diem-ocop@example.vn",
        ),
        by=erin,
    )
    # On the shelf while both showed a star; then one expires and the other is withdrawn.
    set_products(sales_point=point, products=[product_a, product_b], by=erin)
    expired.expires_on = today - datetime.timedelta(days=2)
    expired.save()
    withdrawn.withdrawn_on = today
    withdrawn.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_sales_points(today=today) == 2
    assert notify_sales_points(today=today) == 0
    out = io.StringIO()
    call_command("notify_sales_points", stdout=out)
    assert out.getvalue().startswith("0 notice(s) sent")
    kinds = set(SalesPointNotice.objects.values_list("certificate_id", "kind"))
    assert kinds == {(expired.pk, "expired"), (product_b.certificates.get().pk, "withdrawn")}
    assert Notification.objects.filter(recipient=carol).count() == 2
    assert Notification.objects.filter(recipient=erin).count() == 2
    to = [["carol@xa-x.gov.vn"], ["diem-ocop@example.vn"]]
    assert [message.to for message in mail.outbox] == to + to


def test_listings_show_on_the_product_page_and_a_shortener_is_refused(client, alice, product_a, erin):
    make_certificate(product_a)
    client.force_login(alice)
    url = reverse("market:listings", args=[product_a.code])
    assert client.post(url, {"marketplace": "shopee", "url": "https://shopee.vn/mut-gung-i.1.2"}).status_code == 302
    refused = client.post(url, {"marketplace": "shopee", "url": "https://s.shopee.vn/AbC"})
    assert refused.status_code == 400
    assert "Không dùng đường dẫn rút gọn" in refused.content.decode()
    assert list(Listing.objects.values_list("url", flat=True)) == ["https://shopee.vn/mut-gung-i.1.2"]
    client.logout()
    page = client.get(reverse("public:product", args=[product_a.code])).content.decode()
    listings = re.search(r'<ul class="where-to-buy listings" id="listings">(.*?)</ul>', page, re.S).group(1)
    assert 'href="https://shopee.vn/mut-gung-i.1.2"' in listings


def test_listing_of_another_producers_product_is_refused(bob, product_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        add_listing(product=product_a, marketplace="tiki", url="https://tiki.vn/x", by=bob)


def test_the_producers_own_product_page_links_to_its_listings(client, alice, bob, product_a):
    url = reverse("market:listings", args=[product_a.code])
    client.force_login(alice)
    assert f'href="{url}"' in client.get(product_a.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert client.get(product_a.get_absolute_url()).status_code == 404
