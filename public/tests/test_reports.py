"""Fake reports: a consumer files one (what, where, optional photo) from the verification page; it lands in the
inbox of the inspectors and OCOP officers of the stamp's province (or, for an unknown code, the province the
consumer picked); they handle it, audited; everyone else gets a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from audit.domain import history
from conftest import make_user
from core.tests.factories import bomb_upload
from notifications.models import Notification
from stamps.models import FakeReport

from .factories import first_stamp, make_batch, make_certificate, png_upload


@pytest.fixture
def stamp(product_a, alice):
    return first_stamp(make_batch(product_a, make_certificate(product_a), alice))


def file_report(client, *, serial: str, province, photo=None, address: str = "198.51.100.5", **extra):
    data = {
        "ma": serial,
        "province": province.code,
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
    assert (report.stamp, report.province, report.status) == (stamp, inspector.area, FakeReport.Status.NEW)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"inspector", "erin"}
    assert Notification.objects.filter(url=f"/hop-thu-phan-anh/{report.code}/").count() == 2
    html = signed_in(client, inspector).get("/hop-thu-phan-anh/").content.decode()
    assert report.code in html
    detail = client.get(f"/hop-thu-phan-anh/{report.code}/").content.decode()
    assert "Chợ Đồng Xuân" in detail and stamp.batch.product.name in detail
    client.logout()
    signed_in(client, frank)
    assert client.get(f"/hop-thu-phan-anh/{report.code}/").status_code == 404
    assert report.code not in client.get("/hop-thu-phan-anh/").content.decode()


def test_report_of_an_unknown_code_goes_to_the_chosen_province(client, stamp, inspector, frank, ninh_binh):
    file_report(client, serial="0000-0000-0000-0000-X", province=ninh_binh)
    report = FakeReport.objects.get()
    assert (report.stamp, report.province, report.serial) == (None, ninh_binh, "0000000000000000X")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["frank"]
    assert signed_in(client, frank).get(f"/hop-thu-phan-anh/{report.code}/").status_code == 200
    client.logout()
    assert signed_in(client, inspector).get(f"/hop-thu-phan-anh/{report.code}/").status_code == 404


def test_report_without_what_or_where_or_province_is_refused(client, stamp, hanoi):
    response = client.post("/bao-hang-gia/", {"ma": stamp.serial, "what": "", "where": ""})
    assert response.status_code == 200
    assert not FakeReport.objects.exists()
    assert response.content.decode().count('class="errorlist') >= 3


def test_report_photo_is_sniffed_and_stored_under_a_random_name(client, stamp, hanoi, inspector, frank, media):
    file_report(client, serial=stamp.serial, province=hanoi, photo=png_upload("IMG_0001 nhà tôi.png"))
    report = FakeReport.objects.get()
    assert report.photo.name.startswith("reports/") and report.photo.name.endswith(".png")
    assert "IMG_0001" not in report.photo.name
    assert signed_in(client, inspector).get(f"/hop-thu-phan-anh/{report.code}/anh/").status_code == 200
    client.logout()
    assert signed_in(client, frank).get(f"/hop-thu-phan-anh/{report.code}/anh/").status_code == 404


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


def test_inbox_status_change_is_audited(client, stamp, hanoi, inspector):
    file_report(client, serial=stamp.serial, province=hanoi)
    report = FakeReport.objects.get()
    signed_in(client, inspector)
    url = f"/hop-thu-phan-anh/{report.code}/"
    response = client.post(url, {"status": "investigating", "note": "Đã cử đoàn kiểm tra chợ."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == FakeReport.Status.INVESTIGATING
    entry = history(report).get(action="transition")
    assert (entry.actor, entry.changes, entry.note) == (
        inspector,
        {"status": ["new", "investigating"]},
        "Đã cử đoàn kiểm tra chợ.",
    )
    assert "Đã cử đoàn kiểm tra chợ." in client.get(url).content.decode()


def test_inbox_scope_of_other_roles(client, stamp, hanoi, council, alice, minh):
    file_report(client, serial=stamp.serial, province=hanoi)
    report = FakeReport.objects.get()
    url = f"/hop-thu-phan-anh/{report.code}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for outsider in (council, alice):  # same province, or the producer itself: not their inbox
        signed_in(client, outsider)
        assert client.get(url).status_code == 404
        assert report.code not in client.get("/hop-thu-phan-anh/").content.decode()
        client.logout()
    signed_in(client, minh)  # the ministry reads every province's reports, but does not handle them
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "closed"}).status_code == 403
    report.refresh_from_db()
    assert report.status == FakeReport.Status.NEW


@pytest.mark.parametrize("item_count", [1, 3])
def test_inbox_list_query_count(client, stamp, hanoi, inspector, item_count, django_assert_num_queries):
    for index in range(item_count):
        file_report(client, serial=stamp.serial, province=hanoi, address=f"198.51.100.{index}")
    signed_in(client, inspector)
    client.get("/hop-thu-phan-anh/")  # warm the session
    # session, user, count, the user's area (header), page of reports with their provinces, then the session
    # saved on every request (savepoint, update, release)
    with django_assert_num_queries(8):
        html = client.get("/hop-thu-phan-anh/").content.decode()
    assert html.count("/hop-thu-phan-anh/") >= item_count


def test_report_notifies_every_active_handler_of_the_province(client, stamp, hanoi, inspector, erin):
    make_user("inspector2", Role.INSPECTOR, hanoi)
    retired = make_user("inspector3", Role.INSPECTOR, hanoi)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    file_report(client, serial=stamp.serial, province=hanoi)
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"inspector", "inspector2", "erin"}
