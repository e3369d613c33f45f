"""The public verification page through HTTP: every verdict as the consumer sees it, both URL forms, what the
page shows, the manual entry form and its typo message, and no star unless the certificate shows one."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from areas.domain import current_units
from areas.models import Area
from certificates.models import Certificate
from public.tests.factories import GTIN, LOT, first_stamp, make_batch, make_certificate
from public.verify_page import dynamic_values
from stamps.models import ScanEvent, Verdict
from stamps.scanning import Check
from stamps.serials import group

STAR = "★"


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["pages"].clear()


@pytest.fixture
def product(product_a):
    product_a.gtin = GTIN
    product_a.story = "Gừng trồng trên đất bãi sông Đáy, sên tay trong chảo gang."
    product_a.save(update_fields=["gtin", "story"])
    return product_a


@pytest.fixture
def certificate(product):
    return make_certificate(product, stars=4)


@pytest.fixture
def batch(product, certificate, alice):
    return make_batch(product, certificate, alice)


@pytest.fixture
def stamp(batch):
    return first_stamp(batch)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def verdict_of(html: str) -> str:
    return html.split('data-verdict="', 1)[1].split('"', 1)[0]


def test_verify_genuine_shows_the_star_and_what_the_circular_asks(client, stamp, batch, product, certificate):
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.GENUINE
    assert "Sản phẩm OCOP chính hãng" in html
    assert f"{STAR * 4}" in html and "OCOP 4 sao" in html
    producer = product.producer
    for shown in (
        product.name,
        producer.name,
        producer.full_address,
        batch.production_date.strftime("%d/%m/%Y"),
        LOT,
        batch.expiry_date.strftime("%d/%m/%Y"),
        certificate.number,
        certificate.expires_on.strftime("%d/%m/%Y"),
        product.story,
        producer.phone,
        group(stamp.serial),
    ):
        assert shown in html, shown
    assert "Đây là lần đầu tiên tem này được kiểm tra." in html
    assert f"/bao-hang-gia/?ma={stamp.serial}" in html


def test_verify_gives_todays_address_of_a_producer_recorded_on_a_former_unit(client, stamp, product):
    producer = product.producer
    producer.area = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="09544")
    producer.current_commune, producer.current_province = current_units(producer.area)
    producer.save()
    html = page(client, f"/s/{stamp.serial}")
    assert "<dd>Thôn Đông, Phường Hà Đông, Thành phố Hà Nội (trước đây: Phường Vạn Phúc, Quận Hà Đông)</dd>" in html


def test_verify_names_the_sites_own_address_in_its_advice_and_canonical_link(client, db, settings):
    settings.SITE_URL = "http://192.168.1.20:8101/"
    html = page(client, "/s/0000000000000000X")
    assert "trang tra cứu thật nằm ở 192.168.1.20:8101." in html
    assert '<link rel="canonical" href="http://192.168.1.20:8101/s/0000000000000000X">' in html


def test_verify_shows_how_often_and_since_when_the_stamp_was_checked(client, stamp):
    page(client, f"/s/{stamp.serial}")
    first = ScanEvent.objects.get().scanned_at
    html = page(client, f"/s/{stamp.serial}")
    since = timezone.localtime(first).strftime("%d/%m/%Y %H:%M")
    assert f"Tem này đã được kiểm tra 2 lần, lần đầu lúc {since}." in html


def test_verify_digital_link_serves_the_same_page_without_redirect(client, stamp):
    for url in (
        f"/01/{GTIN}/10/{LOT}/21/{stamp.serial}",
        f"/01/{GTIN}/21/{stamp.serial}",
        f"/01/{GTIN}/10/{LOT}/21/{stamp.serial}?17=271231",
        f"/01/{GTIN.lstrip('0')}/21/{stamp.serial}",  # a GTIN-13 written without its leading zero
        f"/s/{stamp.serial.lower()}",
    ):
        html = page(client, url)
        assert verdict_of(html) == Verdict.GENUINE, url
        assert f'<link rel="canonical" href="http://127.0.0.1:8000/s/{stamp.serial}">' in html


def test_verify_lot_with_a_slash_in_the_digital_link(client, product, certificate, alice):
    stamp = first_stamp(make_batch(product, certificate, alice, lot="A/2026"))
    assert verdict_of(page(client, f"/01/{GTIN}/10/A%2F2026/21/{stamp.serial}")) == Verdict.GENUINE


@pytest.mark.parametrize(
    "url", [f"/01/{GTIN}/10/OTHER-LOT/21/{{serial}}", "/01/08938600999996/21/{serial}"], ids=["lot", "gtin"]
)
def test_verify_digital_link_of_another_product_or_lot_is_unknown(client, stamp, url):
    html = page(client, url.format(serial=stamp.serial))
    assert verdict_of(html) == Verdict.UNKNOWN
    assert ScanEvent.objects.get().stamp is None


def test_verify_unknown_code_warns_and_advises(client, stamp):
    html = page(client, "/s/0000000000000000X")
    assert verdict_of(html) == Verdict.UNKNOWN
    assert "Mã không tồn tại" in html
    assert "Sản phẩm có thể là hàng giả" in html
    assert "Bạn nên làm gì" in html
    assert "/bao-hang-gia/?ma=0000000000000000X" in html
    assert STAR not in html


def test_verify_url_with_a_bad_check_character_is_unknown_not_a_typo(client, stamp):
    # A QR code is not typed: a code that fails its check there is a made-up one.
    wrong = stamp.serial[:-1] + ("0" if stamp.serial[-1] != "0" else "1")
    html = page(client, f"/s/{wrong}")
    assert verdict_of(html) == Verdict.UNKNOWN
    assert "Mã nhập sai" not in html


def test_verify_expired_certificate_shows_no_star_anywhere(client, stamp, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.EXPIRED
    assert "Giấy chứng nhận đã hết hiệu lực" in html
    assert STAR not in html
    assert "sao" not in html.split('id="certificate-title"', 1)[1].split("</section>", 1)[0]


def test_verify_withdrawn_certificate_shows_no_star(client, stamp, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(withdrawn_on=timezone.localdate())
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.WITHDRAWN
    assert "đã bị thu hồi ngày" in html
    assert STAR not in html


def test_verify_renewed_certificate_shows_the_new_star(client, stamp, certificate, product):
    newer = make_certificate(product, stars=5)
    Certificate.objects.filter(pk=certificate.pk).update(superseded_by=newer)
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.GENUINE
    assert "OCOP 5 sao" in html and newer.number in html


def test_verify_revoked_stamp(client, stamp):
    stamp.revoked_at = timezone.now()
    stamp.save(update_fields=["revoked_at"])
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.REVOKED
    assert "Tem đã bị thu hồi" in html


def test_verify_revoked_batch_revokes_each_of_its_stamps(client, batch):
    batch.revoked_at = timezone.now()
    batch.save(update_fields=["revoked_at"])
    for stamp in batch.stamps.all():
        assert verdict_of(page(client, f"/s/{stamp.serial}")) == Verdict.REVOKED


def test_verify_suspicious_after_more_checks_than_the_limit(client, stamp, settings):
    settings.STAMP_SCAN_LIMIT = 3
    verdicts = [verdict_of(page(client, f"/s/{stamp.serial}")) for _ in range(4)]
    assert verdicts == [Verdict.GENUINE] * 3 + [Verdict.SUSPICIOUS]
    html = page(client, f"/s/{stamp.serial}")
    assert "Nghi vấn tem bị sao chép" in html
    assert STAR not in html
    assert list(ScanEvent.objects.order_by("id").values_list("verdict", flat=True)) == [*verdicts, "suspicious"]


def test_check_form_typo_says_mistyped_not_counterfeit(client, stamp):
    wrong = stamp.serial[:5] + ("0" if stamp.serial[5] != "0" else "1") + stamp.serial[6:]
    response = client.get("/kiem-tra-tem/", {"ma": group(wrong)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mã nhập sai, kiểm tra lại" in html
    assert "Mã không tồn tại" not in html
    assert not ScanEvent.objects.exists()


def test_check_form_valid_code_goes_to_the_page(client, stamp):
    typed = group(stamp.serial).lower().replace("-", " ")
    response = client.get("/kiem-tra-tem/", {"ma": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/s/{stamp.serial}"


def test_check_form_accepts_a_pasted_link(client, stamp):
    response = client.get("/kiem-tra-tem/", {"ma": f"https://ocop.example/01/{GTIN}/10/{LOT}/21/{stamp.serial}"})
    assert response["Location"] == f"/s/{stamp.serial}"


def test_check_form_without_input_shows_the_form(client):
    html = client.get("/kiem-tra-tem/").content.decode()
    assert 'name="ma"' in html
    assert "Mã nhập sai" not in html


def test_gtin_link_without_serial_opens_the_product_page(client, stamp, product):
    response = client.get(f"/01/{GTIN}")
    assert response.status_code == 302
    assert response["Location"] == f"/san-pham-ocop/{product.code}/"
    assert client.get("/01/08938600999996").status_code == 404


def test_verify_pages_of_one_batch_share_a_cached_layout_but_not_their_values(client, batch, stamp):
    other = batch.stamps.exclude(pk=stamp.pk).first()
    page(client, f"/s/{stamp.serial}")
    page(client, f"/s/{stamp.serial}")
    html = page(client, f"/s/{other.serial}")
    assert group(other.serial) in html and group(stamp.serial) not in html
    assert f"/bao-hang-gia/?ma={other.serial}" in html
    assert "Đây là lần đầu tiên tem này được kiểm tra." in html


def test_verify_escapes_whatever_the_url_holds(client, stamp):
    html = page(client, '/s/%3Cimg%20src=x%20onerror=alert(1)%3E"')
    assert verdict_of(html) == Verdict.UNKNOWN
    # Normalised as a serial would be (upper case, no spaces, I and L read as 1, O as 0), then escaped.
    assert "<1MGSRC" not in html and "<img" not in html.lower()
    assert "&lt;1MGSRC=X0NERR0R=A1ERT(1)&gt;&quot;" in html


def test_verify_late_filers_extended_certificate_says_until_the_decision_at_the_latest(client, stamp, certificate):
    expired_on = timezone.localdate() - datetime.timedelta(days=10)
    limit = expired_on + datetime.timedelta(days=180)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expired_on, extended_until=limit)
    html = page(client, f"/s/{stamp.serial}")
    assert verdict_of(html) == Verdict.EXTENDED
    assert "verdict-genuine" not in html
    verdict = html.split('id="verdict"', 1)[1].split("</section>", 1)[0]
    assert f"còn hiệu lực đến khi có quyết định, chậm nhất đến ngày {limit:%d/%m/%Y}" in verdict
    assert f"còn hiệu lực đến ngày {expired_on:%d/%m/%Y}" not in html
    assert "OCOP 4 sao" in verdict  # an extended certificate still shows its star
    card = html.split('id="certificate-title"', 1)[1].split("</section>", 1)[0]
    assert f"chậm nhất đến ngày {limit:%d/%m/%Y}" in card


@pytest.mark.parametrize("serial", ["ABCD2EFGH3JKMNPQR", '<1MGSRC=X0NERR0R=A1ERT(1)>"', "Đ À%#?~:@!$&'()*+,;=", "A B"])
@pytest.mark.parametrize("script_prefix", ["/", "/ocop/"])
def test_the_checks_links_are_what_reverse_gives_though_reversed_once(serial, script_prefix):
    check = Check(
        serial=serial,
        stamp=None,
        verdict=Verdict.UNKNOWN,
        scanned_at=timezone.now(),
        scan_count=0,
        first_scanned_at=None,
        product=None,
        certificate=None,
    )
    set_script_prefix(script_prefix)
    try:
        values = dynamic_values(check)
        assert values["locate_url"] == reverse("public:locate", args=[serial])
        assert values["report_href"].startswith(reverse("public:report") + "?ma=")
        assert values["locate_url"].startswith(script_prefix)
    finally:
        set_script_prefix("/")
