import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import CertificateStatus, Recognition
from criteria.models import SheetNode
from dossiers.models import ApplicationKind
from evaluation.domain import recognise

from .conftest import closed_evaluation, days_ago, make_application, make_certificate

FULL_MARK = "Bản in (PDF)"
PUBLIC_MARK = "Tra cứu giấy chứng nhận OCOP"

SCOPE = [
    ("alice", True),
    ("bob", False),
    ("carol", True),
    ("dave", False),
    ("erin", True),
    ("frank", False),
    ("council", True),
    ("advisor", True),
    ("inspector", True),
    ("minh", True),
    ("root", True),
]


@pytest.fixture
def active(product_a):
    return make_certificate(product_a, issued_on=days_ago(100), number="OCOP-01-2026-ABCDEF")


@pytest.mark.parametrize(("persona", "full"), SCOPE)
def test_detail_is_full_inside_scope_and_public_outside(client, request, active, persona, full):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(active.get_absolute_url()).content.decode()
    assert (FULL_MARK in html) == full
    assert (PUBLIC_MARK in html) == (not full)


def test_public_page_needs_no_login_and_is_cacheable(client, active):
    url = active.get_absolute_url()
    assert url == "/chung-nhan/OCOP-01-2026-ABCDEF/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (PUBLIC_MARK, "Mứt gừng Phú Nghĩa", "Hợp tác xã Nông sản Phú Nghĩa", "★★★★ OCOP", "Còn hiệu lực"):
        assert text in html
    assert f"{active.expires_on:%d/%m/%Y}" in html
    assert active.decision_number in html
    assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_pages_name_the_signing_authority_as_the_printed_certificate_does(client, erin, recognised):
    certificate, _ = recognised
    public = client.get(certificate.get_absolute_url()).content.decode()
    client.force_login(erin)
    full = client.get(certificate.get_absolute_url()).content.decode()
    for html in (public, full):
        assert "Chủ tịch UBND Thành phố Hà Nội" in html
        assert "Chủ tịch UBND tỉnh" not in html


def test_public_page_of_an_unknown_number_is_404(client, db):
    assert client.get(reverse("certificates:detail", args=["OCOP-01-2026-ZZZZZZ"])).status_code == 404


def test_public_page_hides_the_star_of_an_expired_certificate(client, product_a):
    expired = make_certificate(product_a, issued_on=datetime.date(2021, 3, 1), stars=5)
    html = client.get(expired.get_absolute_url()).content.decode()
    assert "★" not in html.replace('brand-mark" aria-hidden="true">★', "")
    assert "5 sao" not in html
    assert "Hết hiệu lực" in html


def test_public_page_hides_the_star_of_a_withdrawn_certificate(client, erin, active):
    client.force_login(erin)
    response = client.post(
        reverse("certificates:withdraw", args=[active.number]),
        {
            "ground": "d",
            "conclusion": "Thanh tra kết luận dùng nhãn OCOP cho sản phẩm khác.",
            "concluded_on": f"{days_ago(4):%d/%m/%Y}",
            "decision_number": "77/QĐ-UBND",
            "decision_date": f"{days_ago(1):%d/%m/%Y}",
            "signer": "Phạm Văn D",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(active.get_absolute_url()).content.decode()
    assert "OCOP</span>" not in html
    assert "Đã thu hồi" in html
    assert "77/QĐ-UBND" in html


def test_a_late_withdrawal_through_the_form_asks_for_the_reason_then_is_recorded_late(client, erin, active):
    client.force_login(erin)
    url = reverse("certificates:withdraw", args=[active.number])
    assert client.get(url).status_code == 200
    data = {
        "ground": "a",
        "conclusion": "Hồ sơ giả mạo.",
        "concluded_on": f"{days_ago(40):%d/%m/%Y}",
        "decision_number": "78/QĐ-UBND",
        "decision_date": f"{days_ago(20):%d/%m/%Y}",
        "signer": "Phạm Văn D",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "trong 15 ngày" in html
    assert "ghi lý do quyết định muộn" in html
    active.refresh_from_db()
    assert active.withdrawn_on is None

    response = client.post(url, {**data, "late_reason": "Chờ kết luận giám định của Sở Y tế."})
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.withdrawn_on == days_ago(20)
    full = client.get(active.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(active.get_absolute_url()).content.decode()
    for html in (full, public):
        assert "Quyết định muộn" in html
        assert "Chờ kết luận giám định của Sở Y tế." in html
        assert f"{days_ago(25):%d/%m/%Y}" in html  # the 15-day limit that was passed


@pytest.mark.parametrize(("persona", "status"), [("frank", 404), ("bob", 404), ("minh", 403), ("alice", 403)])
def test_only_the_authority_reaches_the_withdrawal_form(client, request, active, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("certificates:withdraw", args=[active.number])).status_code == status


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("erin", 200), ("bob", 404), ("frank", 404)])
def test_pdf_is_served_inside_scope(client, request, active, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("certificates:pdf", args=[active.number]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_pdf_needs_login(client, active):
    response = client.get(reverse("certificates:pdf", args=[active.number]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("alice", True, False),
        ("bob", False, True),
        ("carol", True, False),
        ("erin", True, True),
        ("frank", False, False),
    ],
)
def test_list_is_scoped(client, request, product_a, product_b, persona, sees_a, sees_b):
    make_certificate(product_a, issued_on=days_ago(10), number="CERT-A")
    make_certificate(product_b, issued_on=days_ago(10), number="CERT-B")
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("certificates:list")).content.decode()
    assert ("CERT-A" in html) == sees_a
    assert ("CERT-B" in html) == sees_b


def test_list_filters_by_status_and_stars(client, erin, product_a, product_b):
    make_certificate(product_a, issued_on=days_ago(10), number="ACTIVE-4", stars=4)
    make_certificate(product_b, issued_on=days_ago(10), number="ACTIVE-3", stars=3)
    make_certificate(product_a, issued_on=days_ago(1000), number="DUE-4", stars=4)
    make_certificate(product_b, issued_on=days_ago(1200), number="EXPIRED-3", stars=3)
    client.force_login(erin)

    def numbers(**params):
        html = client.get(reverse("certificates:list"), params).content.decode()
        return {n for n in ("ACTIVE-4", "ACTIVE-3", "DUE-4", "EXPIRED-3") if n in html}

    assert numbers() == {"ACTIVE-4", "ACTIVE-3", "DUE-4", "EXPIRED-3"}
    assert numbers(status="active") == {"ACTIVE-4", "ACTIVE-3"}
    assert numbers(status="due_for_renewal") == {"DUE-4"}
    assert numbers(status="expired") == {"EXPIRED-3"}
    assert numbers(stars="4") == {"ACTIVE-4", "DUE-4"}
    assert numbers(status="active", stars="3") == {"ACTIVE-3"}
    assert numbers(q="chè búp") == {"ACTIVE-3", "EXPIRED-3"}
    assert numbers(q="due-") == {"DUE-4"}


def test_list_answers_htmx_with_the_results_fragment(client, erin, active):
    client.force_login(erin)
    response = client.get(reverse("certificates:list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert active.number in html
    assert "<form" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow_with_rows(client, erin, product_a, django_assert_num_queries, count):
    for index in range(count):
        make_certificate(product_a, issued_on=days_ago(10 + index), number=f"N-{index}")
    client.force_login(erin)
    with django_assert_num_queries(8):
        response = client.get(reverse("certificates:list"))
    assert response.status_code == 200


def test_producer_sees_the_councils_result_and_the_gap_to_5_stars(client, alice, bob, recognised):
    certificate, evaluation = recognised
    client.force_login(alice)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "Kết quả chấm của hội đồng" in html
    assert "Để đạt 5 sao" in html
    assert "Tổng điểm đã đủ." in html  # the total reaches 90; a 5★ minimum is what is missing
    (missed,) = evaluation.failed_minimums
    label = SheetNode.objects.get(criteria_set=evaluation.criteria_set, code=missed["criterion"]).label
    mean = f"{Decimal(missed['mean']):.2f}".replace(".", ",")  # Vietnamese decimal comma
    assert (
        f"Tiêu chí {missed['criterion']} {label}: yêu cầu tối thiểu cho 5 sao là {missed['required']} điểm, "
        f"hội đồng chấm trung bình {mean}."
    ) in html
    for code in evaluation.criterion_means:
        assert f">{code}<" in html
    assert "<strong>Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 điểm)</strong>" in html
    assert "Phần A: /" not in html
    client.force_login(bob)
    assert "Kết quả chấm của hội đồng" not in client.get(certificate.get_absolute_url()).content.decode()
    client.logout()
    assert "Kết quả chấm của hội đồng" not in client.get(certificate.get_absolute_url()).content.decode()


def test_a_three_star_producer_sees_how_many_points_the_total_lacks(client, alice, erin, product_a):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=3)
    certificate = recognise(
        application=application,
        evaluation=evaluation,
        authority=Recognition.Authority.PROVINCE,
        decision_number="7/QĐ-UBND",
        decision_date=days_ago(1),
        signer="Nguyễn Văn A",
        stars=3,
        by=erin,
    )
    client.force_login(alice)
    html = client.get(certificate.get_absolute_url()).content.decode()
    lacking = Decimal(70) - Decimal(evaluation.mean_total)
    assert "Để đạt 4 sao" in html
    lacking = f"{lacking:.2f}".replace(".", ",")
    assert f"Tổng điểm còn thiếu {lacking} điểm." in html


def test_late_filer_extension_through_the_page(client, erin, alice, product_a):
    certificate = make_certificate(product_a, issued_on=days_ago(1000))
    make_application(
        product_a,
        kind=ApplicationKind.REEVALUATION,
        previous_certificate=certificate,
        submitted_at=timezone.now(),
    )
    client.force_login(alice)
    assert client.post(reverse("certificates:extend", args=[certificate.number])).status_code == 403
    client.force_login(erin)
    response = client.post(reverse("certificates:extend", args=[certificate.number]), follow=True)
    assert "chậm nhất đến ngày" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.extended_until == certificate.expires_on + datetime.timedelta(days=180)


def test_a_printed_number_with_slashes_has_its_pages(client, erin, product_a):
    certificate = make_certificate(product_a, issued_on=days_ago(30), number="15/GCN-UBND")
    assert certificate.get_absolute_url() == "/chung-nhan/15/GCN-UBND/"
    client.force_login(erin)
    assert FULL_MARK in client.get(certificate.get_absolute_url()).content.decode()
    assert client.get(reverse("certificates:pdf", args=[certificate.number])).status_code == 200
    assert client.get(reverse("certificates:withdraw", args=[certificate.number])).status_code == 200
    assert certificate.status_on(days_ago(0)) == CertificateStatus.ACTIVE
