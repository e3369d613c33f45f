"""The dossier's journey through HTTP only, as each persona would click through it."""

from django.urls import reverse

from dossiers.models import Application, ApplicationStatus
from notifications.models import Notification

from .factories import best_choices, pdf_upload, today

S = ApplicationStatus


def producer_prepares_and_submits(client, alice, product_a) -> Application:
    client.force_login(alice)
    response = client.post(reverse("dossiers:create"), {"product": product_a.pk, "kind": "first"})
    application = Application.objects.get()
    assert response.url == reverse("dossiers:edit", args=[application.code])

    response = client.post(
        reverse("dossiers:edit", args=[application.code]),
        {
            "sample_count": "5",
            "commitment": "on",
            "history": "HTX thành lập năm 2015 tại xã Phú Nghĩa.",
            "business_results": "Doanh thu năm 2025 đạt 2 tỷ đồng.",
            "business_plan": "Mở rộng vùng trồng gừng lên 10 ha.",
            "to_sheet": "1",
        },
    )
    assert response.url == reverse("dossiers:self_assessment", args=[application.code])

    sheet = {f"c-{code}": str(position) for code, position in best_choices(application).items()}
    response = client.post(reverse("dossiers:self_assessment", args=[application.code]), sheet)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "5 sao" in html

    for kind, title in (("business_registration", "Giấy ĐKKD"), ("production_conditions", "Giấy chứng nhận ATTP")):
        response = client.post(
            reverse("dossiers:evidence_upload", args=[application.code]),
            {"file": pdf_upload(title.encode()), "kind": kind, "title": title, "criterion_code": ""},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("dossiers:evidence_upload", args=[application.code]),
        {
            "file": pdf_upload(b"contract"),
            "kind": "raw_material",
            "title": "Hợp đồng liên kết",
            "criterion_code": "1.5",
        },
        headers={"HX-Request": "true"},
    )
    assert "Hợp đồng liên kết" in response.content.decode()

    response = client.post(reverse("dossiers:submit", args=[application.code]), follow=True)
    assert "Đã nộp hồ sơ cho UBND xã" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    return application


def commune_forwards(client, carol, application) -> None:
    client.force_login(carol)
    html = client.get(reverse("dossiers:commune_worklist")).content.decode()
    assert application.product.name in html
    assert f"{application.commune_deadline:%d/%m/%Y}" in html
    response = client.post(
        reverse("dossiers:commune_review", args=[application.code]),
        {
            "complete": "on",
            "local_raw_materials": "Gừng trồng tại xã.",
            "local_labour": "Sử dụng 12 lao động địa phương.",
            "idea_origin": "Công thức gia truyền của HTX.",
            "local_identity": "Nghề làm mứt truyền thống Phú Nghĩa.",
            "report": "Đề nghị tỉnh đánh giá, phân hạng.",
            "decision": "forward",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.COMMUNE_REVIEWED


def test_producer_to_commune_to_province(client, alice, carol, erin, product_a):
    application = producer_prepares_and_submits(client, alice, product_a)
    assert Notification.objects.filter(recipient=carol).count() == 1

    commune_forwards(client, carol, application)
    assert Notification.objects.filter(recipient=erin).count() == 1
    review = application.commune_reviews.get()
    html = client.get(reverse("dossiers:form_03", args=[application.code, review.pk])).content.decode()
    assert "Nghề làm mứt truyền thống Phú Nghĩa." in html

    client.force_login(erin)
    html = client.get(reverse("dossiers:province_worklist")).content.decode()
    assert application.product.name in html
    response = client.post(reverse("dossiers:receive", args=[application.code]), follow=True)
    assert "Đã tiếp nhận hồ sơ" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.RECEIVED
    assert application.received_at.date() <= today()

    client.force_login(alice)
    html = client.get(application.get_absolute_url()).content.decode()
    for label in ("Đã nộp cho xã", "Xã đã đánh giá, chuyển tỉnh", "Tỉnh đã tiếp nhận"):
        assert label in html
    assert "Cơ quan quản lý OCOP cấp tỉnh đưa hồ sơ vào đợt đánh giá." in html
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_commune_returns_producer_completes_and_resubmits(client, alice, carol, product_a):
    application = producer_prepares_and_submits(client, alice, product_a)

    client.force_login(carol)
    response = client.post(
        reverse("dossiers:commune_review", args=[application.code]),
        {"decision": "return", "reason": "Thiếu phiếu kết quả kiểm nghiệm."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.RETURNED

    client.force_login(alice)
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Thiếu phiếu kết quả kiểm nghiệm." in html
    response = client.post(
        reverse("dossiers:evidence_upload", args=[application.code]),
        {"file": pdf_upload(b"lab"), "kind": "test_report", "title": "Phiếu kiểm nghiệm", "criterion_code": ""},
    )
    assert response.status_code == 302
    response = client.post(reverse("dossiers:submit", args=[application.code]), follow=True)
    assert "Đã nộp hồ sơ cho UBND xã" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.returned_reason == ""

    commune_forwards(client, carol, application)
    assert application.commune_reviews.count() == 2


def test_province_returns_to_the_producer(client, alice, carol, erin, product_a):
    application = producer_prepares_and_submits(client, alice, product_a)
    commune_forwards(client, carol, application)
    client.force_login(erin)
    response = client.post(reverse("dossiers:province_return", args=[application.code]), {"reason": ""}, follow=True)
    assert "lý do" in response.content.decode()
    response = client.post(
        reverse("dossiers:province_return", args=[application.code]), {"reason": "Bổ sung bản công bố."}
    )
    application.refresh_from_db()
    assert application.status == S.RETURNED
    assert application.returned_reason == "Bổ sung bản công bố."
