import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from products.models import Product
from stamps import serials
from stamps.models import ScanCounter
from stamps.tests.factories import GTIN, issued_batch, make_certificate

URL = "/api/v1/validity/"
TODAY = timezone.localdate()


def ask(api, *values, **kinds):
    items = [{"value": value} for value in values] + [{"value": v, "kind": k} for k, v in kinds.items()]
    return api.post(URL, {"items": items}, format="json")


def test_validity_of_an_expired_certificate_by_number(api, product_a):
    certificate = make_certificate(product_a, months_left=-2)

    [answer] = ask(api, certificate.number).json()

    assert answer == {
        "query": certificate.number,
        "kind": "certificate",
        "found": True,
        "product_code": product_a.code,
        "product_name": "Mứt gừng Phú Nghĩa",
        "producer_name": "Hợp tác xã Nông sản Phú Nghĩa",
        "certificate_number": certificate.number,
        "shows_star": False,
        "stars": 4,
        "valid_until": certificate.expires_on.isoformat(),
        "withdrawn": False,
        "withdrawn_on": None,
        "status": "expired",
        "status_label": "Hết hiệu lực",
    }


def test_validity_of_a_withdrawn_certificate_by_gtin(api, product_a):
    withdrawn_on = TODAY - datetime.timedelta(days=3)
    make_certificate(product_a, withdrawn_on=withdrawn_on)
    Product.objects.filter(pk=product_a.pk).update(gtin=GTIN)

    [answer] = ask(api, "8938600123459").json()

    assert (answer["kind"], answer["found"], answer["product_code"]) == ("gtin", True, product_a.code)
    assert (answer["shows_star"], answer["withdrawn"], answer["withdrawn_on"]) == (
        False,
        True,
        withdrawn_on.isoformat(),
    )
    assert answer["status"] == "withdrawn"


def test_validity_of_a_stamp_follows_its_verdict(api, product_a, alice):
    make_certificate(product_a, stars=5)
    stamp = issued_batch(product_a, alice, quantity=1).stamps.get()

    [answer] = ask(api, serials.group(stamp.serial).lower()).json()

    assert (answer["kind"], answer["found"], answer["shows_star"], answer["stars"]) == ("serial", True, True, 5)
    assert (answer["status"], answer["status_label"]) == ("genuine", "Sản phẩm OCOP chính hãng")
    assert not ScanCounter.objects.filter(stamp=stamp).exists()  # a look-up is not a check


def test_validity_of_an_unknown_serial_and_number(api, db):
    serial = serials.new_serial()

    unknown_serial, unknown_number = ask(api, serial, "KHONG-CO/OCOP").json()

    assert (unknown_serial["found"], unknown_serial["status"]) == (False, "unknown")
    assert unknown_serial["status_label"] == "Mã không tồn tại"
    assert (unknown_number["kind"], unknown_number["found"], unknown_number["status"]) == ("certificate", False, None)


def test_gtin_of_a_product_never_certified_is_not_found(api, product_a):
    Product.objects.filter(pk=product_a.pk).update(gtin=GTIN)

    [answer] = ask(api, GTIN).json()

    assert (answer["found"], answer["product_name"]) == (False, None)


def test_bad_gtin_is_a_400_with_the_items_field_message(api, db):
    response = ask(api, "8938600123458", gtin="123")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {
        "items": {
            "0": {"value": ["Mã GTIN 8938600123458 sai chữ số kiểm tra."]},
            "1": {"value": ["Mã GTIN phải có 8, 12, 13 hoặc 14 chữ số."]},
        }
    }


def test_more_than_1000_items_are_refused(api, db):
    response = api.post(URL, {"items": [{"value": "X"}] * 1001}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"items": ["Tối đa 1000 mã một lần."]}


def test_validity_takes_a_fixed_number_of_queries(api, product_a, product_b, alice):
    make_certificate(product_a)
    certificate_b = make_certificate(product_b, months_left=-1)
    Product.objects.filter(pk=product_a.pk).update(gtin=GTIN)
    batch = issued_batch(product_a, alice, quantity=20)
    stamps = list(batch.stamps.values_list("serial", flat=True))

    def count(values):
        with CaptureQueriesContext(connection) as queries:
            assert ask(api, *values).status_code == 200
        return len(queries)

    ask(api, "X")  # the client's first request makes its row of the rate limit
    few = count([GTIN, certificate_b.number, stamps[0]])
    many = count([GTIN] * 5 + [certificate_b.number] * 5 + stamps + ["NONE"] * 10)

    assert few == many


def test_validity_is_throttled_per_client(api, db, monkeypatch):
    from api.views.validity import ValidityThrottle

    monkeypatch.setitem(ValidityThrottle.THROTTLE_RATES, "validity", "2/day")

    statuses = [ask(api, "X").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
