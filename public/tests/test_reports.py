"""Fake reports: a consumer files one (what, where, optional photo) from the verification page; it lands in the
inbox of the inspectors and OCOP officers of the stamp's province (or, for an unknown code, the province the
consumer picked), without asking the consumer for a province the stamp names; a refused submission keeps the
photo; the consumer follows the report by its reference number. The inbox itself is `monitoring`'s."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Role
from audit.domain import history
from conftest import make_user
from core.tests.factories import bomb_upload
from monitoring.models import Signal, Status
from notifications.models import Notification
from stamps.models import FakeReport

from .factories import first_stamp, make_batch, make_certificate, png_upload


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


def file_report(client, *, serial: str, province=None, photo=None, address: str = "198.51.100.5", **extra):
    data = {
        "ma": serial,
        **({"province": province.code} if province is not None else {}),
        "what": "Tem in mờ, bao bì khác hẳn hàng mua trước đây.",
        "where": "Chợ Đồng Xuân, Hà Nội",
        "contact": "0987654321",
        **extra,
    }
    if photo is not None:
        data["photo"] = photo
    return client.post("/bao-hang-gia/", data, REMOTE_ADDR=address)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_report_form_is_prefilled_from_the_verification_page(client, stamp):
    html = client.get(f"/bao-hang-gia/?ma={stamp.serial}").content.decode()
    assert f'value="{stamp.serial}"' in html
    assert 'enctype="multipart/form-data"' in html


def test_report_of_a_known_stamp_goes_to_its_province_inspectors(client, stamp, inspector, erin, frank, ninh_binh):
    response = file_report(client, serial=stamp.serial, province=ninh_binh)  # bought elsewhere
    assert response.status_code == 302
    report = FakeReport.objects.get()
    assert response["Location"] == f"/bao-hang-gia/da-gui/?ma={report.code}"
    assert report.code in client.get(response["Location"]).content.decode()
    assert (report.stamp, report.province, report.signal.status) == (stamp, inspector.area, Status.OPEN)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"inspector", "erin"}
    assert Notification.objects.filter(url=f"/kiem-tra/hop-thu/{report.code}/").count() == 2
    html = signed_in(client, inspector).get("/kiem-tra/hop-thu/").content.decode()
    assert report.code in html
    detail = client.get(f"/kiem-tra/hop-thu/{report.code}/").content.decode()
    assert "Chợ Đồng Xuân" in detail and stamp.batch.product.name in detail
    client.logout()
    signed_in(client, frank)
    assert client.get(f"/kiem-tra/hop-thu/{report.code}/").status_code == 404
    assert report.code not in client.get("/kiem-tra/hop-thu/").content.decode()


def test_report_of_an_unknown_code_goes_to_the_chosen_province(client, stamp, inspector, frank, ninh_binh):
    file_report(client, serial="0000-0000-0000-0000-X", province=ninh_binh)
    report = FakeReport.objects.get()
    assert (report.stamp, report.province, report.serial) == (None, ninh_binh, "0000000000000000X")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["frank"]
    assert signed_in(client, frank).get(f"/kiem-tra/hop-thu/{report.code}/").status_code == 200
    client.logout()
    assert signed_in(client, inspector).get(f"/kiem-tra/hop-thu/{report.code}/").status_code == 404


def test_report_without_what_or_where_is_refused(client, stamp, hanoi):
    response = client.post("/bao-hang-gia/", {"ma": stamp.serial, "what": "", "where": ""})
    assert response.status_code == 200
    assert not FakeReport.objects.exists()
    assert response.content.decode().count('class="errorlist') == 2


def test_report_of_a_known_stamp_does_not_ask_for_a_province(client, stamp, hanoi, inspector):
    form = client.get(f"/bao-hang-gia/?ma={stamp.serial}").content.decode()
    assert 'name="province"' not in form
    assert stamp.batch.product.name in form
    response = file_report(client, serial=stamp.serial)
    assert response.status_code == 302
    assert FakeReport.objects.get().province == hanoi


def test_report_without_a_known_stamp_asks_for_a_province(client, stamp):
    assert 'name="province"' in client.get("/bao-hang-gia/").content.decode()
    for serial in ("", "0000-0000-0000-0000-X"):
        response = file_report(client, serial=serial)
        assert response.status_code == 200
        assert "chọn tỉnh/thành phố nơi mua" in response.content.decode()
    assert not FakeReport.objects.exists()


def test_report_refused_keeps_the_photo_for_the_corrected_form(client, stamp, hanoi, inspector, media):
    refused = file_report(client, serial=stamp.serial, photo=png_upload("tem.png"), where="")
    assert refused.status_code == 200
    assert 'name="keep_photo"' in refused.content.decode()
    kept = client.get("/bao-hang-gia/anh/")
    assert (kept.status_code, kept["Cache-Control"]) == (200, "no-store")
    assert b"".join(kept.streaming_content).startswith(b"\x89PNG")
    response = file_report(client, serial=stamp.serial, keep_photo="on")  # the photo is not sent again
    assert response.status_code == 302
    report = FakeReport.objects.get()
    assert report.photo.name.startswith("reports/") and report.photo.name.endswith(".png")
    assert not any((media / "reports" / "pending").iterdir())
    assert client.get("/bao-hang-gia/anh/").status_code == 404
    assert signed_in(client, inspector).get(f"/kiem-tra/hop-thu/{report.code}/anh/").status_code == 200


def test_report_kept_photo_is_dropped_when_unticked(client, stamp, media):
    file_report(client, serial=stamp.serial, photo=png_upload(), where="")
    assert file_report(client, serial=stamp.serial).status_code == 302  # keep_photo not sent: unticked
    assert not FakeReport.objects.get().photo


def test_report_kept_photo_is_only_the_visitors_own(client, stamp, media):
    file_report(client, serial=stamp.serial, photo=png_upload(), where="")
    assert client.get("/bao-hang-gia/anh/").status_code == 200
    assert Client().get("/bao-hang-gia/anh/").status_code == 404


def test_report_invalid_photo_is_not_kept(client, stamp, media):
    fake = SimpleUploadedFile("anh.jpg", b"not an image", content_type="image/jpeg")
    response = file_report(client, serial=stamp.serial, photo=fake)
    assert "Tệp không phải là ảnh hợp lệ" in response.content.decode()
    assert 'name="keep_photo"' not in response.content.decode()
    assert client.get("/bao-hang-gia/anh/").status_code == 404
    assert not FakeReport.objects.exists()


def test_report_follow_page_shows_status_and_public_outcome_only(client, stamp, hanoi, inspector):
    file_report(client, serial=stamp.serial)
    report = FakeReport.objects.get()
    html = client.get(f"/bao-hang-gia/theo-doi/?ma={report.code.lower()}").content.decode()
    assert "Đã tiếp nhận, đang chờ thanh tra xem xét" in html
    for personal in ("Chợ Đồng Xuân", "0987654321", "Tem in mờ"):
        assert personal not in html
    Signal.objects.filter(pk=report.signal.pk).update(
        status=Status.CLOSED, close_reason="Cửa hàng bán hàng giả, đã chuyển công an.", public_outcome="Đã xử phạt"
    )
    html = client.get(f"/bao-hang-gia/theo-doi/?ma={report.code}").content.decode()
    assert "Đã xử lý xong" in html and "Đã xử phạt" in html
    assert "chuyển công an" not in html


def test_report_follow_page_unknown_reference(client, db):
    response = client.get("/bao-hang-gia/theo-doi/?ma=ZZZZZZZZZZ")
    assert "Không có phản ánh nào với số tham chiếu này" in response.content.decode()


def test_report_follow_page_rate_limit(client, db, settings):
    settings.FAKE_REPORT_FOLLOW_RATE_PER_HOUR = 2
    for _ in range(2):
        assert client.get("/bao-hang-gia/theo-doi/?ma=ZZZZZZZZZZ").status_code == 200
    assert client.get("/bao-hang-gia/theo-doi/?ma=ZZZZZZZZZZ").status_code == 429
    assert client.get("/bao-hang-gia/theo-doi/").status_code == 200  # the empty form is not counted


def test_report_photo_is_sniffed_and_stored_under_a_random_name(client, stamp, hanoi, inspector, frank, media):
    file_report(client, serial=stamp.serial, province=hanoi, photo=png_upload("IMG_0001 nhà tôi.png"))
    report = FakeReport.objects.get()
    assert report.photo.name.startswith("reports/") and report.photo.name.endswith(".png")
    assert "IMG_0001" not in report.photo.name
    assert signed_in(client, inspector).get(f"/kiem-tra/hop-thu/{report.code}/anh/").status_code == 200
    client.logout()
    assert signed_in(client, frank).get(f"/kiem-tra/hop-thu/{report.code}/anh/").status_code == 404


def test_report_photo_that_is_not_an_image_is_refused(client, stamp, hanoi, media):
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
    response = file_report(client, serial=stamp.serial, province=hanoi, photo=fake)
    assert response.status_code == 200
    assert "Tệp không phải là ảnh hợp lệ" in response.content.decode()
    assert not FakeReport.objects.exists()


def test_report_photo_over_the_size_limit_is_refused(client, stamp, hanoi, media, settings):
    settings.MAX_IMAGE_BYTES = 100
    response = file_report(client, serial=stamp.serial, province=hanoi, photo=png_upload(size=(200, 200)))
    assert "Ảnh quá lớn" in response.content.decode()
    assert not FakeReport.objects.exists()


def test_report_photo_that_is_a_decompression_bomb_is_refused(client, stamp, hanoi, media):
    response = file_report(client, serial=stamp.serial, province=hanoi, photo=bomb_upload())
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh." in response.content.decode()
    assert not FakeReport.objects.exists()
    assert not any(media.rglob("*.*"))


def test_report_creation_is_audited_without_the_consumers_address(client, stamp, hanoi):
    file_report(client, serial=stamp.serial, province=hanoi, address="203.0.113.77")
    entry = history(FakeReport.objects.get()).get(action="create")
    assert entry.ip_address is None
    assert entry.actor is None


def test_report_rate_limit(client, stamp, hanoi, settings):
    settings.FAKE_REPORT_RATE_PER_HOUR = 1
    assert file_report(client, serial=stamp.serial, province=hanoi).status_code == 302
    refused = file_report(client, serial=stamp.serial, province=hanoi)
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert FakeReport.objects.count() == 1


def test_inbox_scope_of_other_roles(client, stamp, hanoi, council, alice, minh):
    file_report(client, serial=stamp.serial, province=hanoi)
    report = FakeReport.objects.get()
    url = f"/kiem-tra/hop-thu/{report.code}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for outsider in (council, alice):  # same province, or the producer itself: not their inbox
        signed_in(client, outsider)
        assert client.get(url).status_code == 404
        assert report.code not in client.get("/kiem-tra/hop-thu/").content.decode()
        client.logout()
    signed_in(client, minh)  # the ministry reads every province's reports, but does not handle them
    assert client.get(url).status_code == 200
    closing = {"action": "close", "close-reason": "Không đủ căn cứ."}
    assert client.post(f"{url}xu-ly/", closing).status_code == 403
    assert Signal.objects.get().status == Status.OPEN


def test_inbox_old_addresses_lead_to_the_new_inbox(client, stamp, hanoi, inspector):
    file_report(client, serial=stamp.serial, province=hanoi)
    code = FakeReport.objects.get().code
    assert client.get("/hop-thu-phan-anh/")["Location"] == "/kiem-tra/hop-thu/"
    assert client.get(f"/hop-thu-phan-anh/{code}/")["Location"] == f"/kiem-tra/hop-thu/{code}/"
    assert client.get(f"/hop-thu-phan-anh/{code}/anh/")["Location"] == f"/kiem-tra/hop-thu/{code}/anh/"


def test_report_notifies_every_active_handler_of_the_province(client, stamp, hanoi, inspector, erin):
    make_user("inspector2", Role.INSPECTOR, hanoi)
    retired = make_user("inspector3", Role.INSPECTOR, hanoi)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    file_report(client, serial=stamp.serial, province=hanoi)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"inspector", "inspector2", "erin"}
