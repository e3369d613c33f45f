"""Pages and actions through HTTP: the access matrix of personas, list query counts, HTMX fragments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.tests.factories import bomb_upload
from dossiers import domain
from dossiers.models import Application, ApplicationKind, ApplicationStatus, Document
from products.domain import create_product

from .factories import image_bytes, pdf_upload, today

S = ApplicationStatus
EVERYONE = ["alice", "bob", "carol", "dave", "erin", "frank", "council", "advisor", "inspector", "minh", "root"]
# Council and advisory accounts see a dossier only through a seat in its round (evaluation/tests/workflow/
# test_council_scope.py); `submitted` is in no round.
SEES_SUBMITTED = {"alice", "carol", "erin", "inspector", "minh", "root"}


def login(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.mark.parametrize("persona", EVERYONE)
def test_dossier_pages_are_visible_only_inside_scope(client, request, submitted, persona):
    login(client, request, persona)
    expected = 200 if persona in SEES_SUBMITTED else 404
    for name in ("detail", "self_assessment"):
        assert client.get(reverse(f"dossiers:{name}", args=[submitted.code])).status_code == expected, name


@pytest.mark.parametrize("persona", ["erin", "council", "frank"])
def test_province_does_not_see_a_draft(client, request, draft, persona):
    login(client, request, persona)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["bob", "dave", "frank"])
def test_outsider_gets_404_on_every_dossier_action(client, request, forwarded, persona):
    login(client, request, persona)
    code = forwarded.code
    review = forwarded.commune_reviews.get()
    evidence = forwarded.evidence.first()
    for name, args in [
        ("edit", [code]),
        ("delete", [code]),
        ("submit", [code]),
        ("preview", [code]),
        ("evidence_attach", [code]),
        ("evidence_upload", [code]),
        ("evidence_detach", [code, evidence.pk]),
        ("commune_review", [code]),
        ("receive", [code]),
        ("province_return", [code]),
        ("form_03", [code, review.pk]),
    ]:
        assert client.post(reverse(f"dossiers:{name}", args=args), {"reason": "x"}).status_code == 404, name
        assert client.get(reverse(f"dossiers:{name}", args=args)).status_code in (404, 405), name
    forwarded.refresh_from_db()
    assert forwarded.status == S.COMMUNE_REVIEWED
    assert forwarded.evidence.count() == 2


@pytest.mark.parametrize("persona", ["carol", "root"])
def test_officers_cannot_act_for_the_producer(client, request, draft, persona):
    login(client, request, persona)
    for name in ("edit", "delete", "submit", "preview", "evidence_attach"):
        assert client.post(reverse(f"dossiers:{name}", args=[draft.code])).status_code == 403, name
    assert Application.objects.filter(pk=draft.pk, status=S.DRAFT).exists()


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("erin", 403), ("carol", 200), ("root", 403)])
def test_commune_review_page_is_the_communes(client, request, submitted, persona, status):
    login(client, request, persona)
    assert client.get(reverse("dossiers:commune_review", args=[submitted.code])).status_code == status


def test_library_and_worklists_are_their_owners_only(client, request, alice, carol, erin):
    pages = {"dossiers:documents": "alice", "dossiers:commune_worklist": "carol", "dossiers:province_worklist": "erin"}
    for persona in ("alice", "carol", "erin", "minh"):
        login(client, request, persona)
        for name, owner in pages.items():
            assert client.get(reverse(name)).status_code == (200 if persona == owner else 404), (persona, name)


def test_anonymous_is_sent_to_login(client, submitted):
    for url in (reverse("dossiers:list"), submitted.get_absolute_url(), reverse("dossiers:documents")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/tai-khoan/" in response.url


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("carol", 200), ("dave", 404), ("erin", 200), ("frank", 404)]
)
def test_document_file_is_served_only_inside_scope(client, request, submitted, persona, status):
    document = submitted.evidence.first().document
    login(client, request, persona)
    response = client.get(document.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_officer_cannot_open_a_library_document_not_attached_to_a_dossier(client, alice, carol, producer_a):
    document, _ = domain.upload_document(
        producer=producer_a, by=alice, upload=pdf_upload(b"private"), kind="other", title="Riêng"
    )
    client.force_login(carol)
    assert client.get(document.get_absolute_url()).status_code == 404


# Lists and query counts


def make_dossiers(count: int, *, producer, user, status=S.DRAFT, criteria_set) -> None:
    for i in range(count):
        product = create_product(by=user, producer=producer, criteria_set=criteria_set, name=f"Sản phẩm {i}")
        Application.objects.create(
            product=product,
            kind=ApplicationKind.FIRST,
            legal_version=criteria_set.legal_version,
            criteria_set=criteria_set,
            commune_id=producer.current_commune_id,
            province_id=producer.current_province_id,
            status=status,
            submitted_at=None if status == S.DRAFT else timezone.now(),
            commune_deadline=None if status == S.DRAFT else today() + datetime.timedelta(days=i - 1),
        )


@pytest.mark.parametrize("count", [1, 3])
def test_producer_list_query_count(client, alice, root, producer_a, criteria_set, django_assert_num_queries, count):
    make_dossiers(count, producer=producer_a, user=root, criteria_set=criteria_set)
    client.force_login(alice)
    with django_assert_num_queries(7):
        response = client.get(reverse("dossiers:list"))
    assert response.content.decode().count("Sản phẩm ") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_commune_worklist_query_count_and_overdue_flag(
    client, carol, root, producer_a, criteria_set, django_assert_num_queries, count
):
    make_dossiers(count, producer=producer_a, user=root, status=S.SUBMITTED, criteria_set=criteria_set)
    client.force_login(carol)
    with django_assert_num_queries(8):
        response = client.get(reverse("dossiers:commune_worklist"))
    html = response.content.decode()
    assert html.count('class="badge overdue"') == 1  # the first one's deadline was yesterday
    assert html.count(reverse("dossiers:commune_review", args=["X"])[: -len("X/xa-danh-gia/")]) >= count


@pytest.mark.parametrize("count", [1, 3])
def test_province_worklist_query_count(client, erin, root, producer_a, criteria_set, django_assert_num_queries, count):
    make_dossiers(count, producer=producer_a, user=root, status=S.COMMUNE_REVIEWED, criteria_set=criteria_set)
    client.force_login(erin)
    with django_assert_num_queries(9):  # the reception list (count, page) and the re-evaluations running
        response = client.get(reverse("dossiers:province_worklist"))
    assert response.content.decode().count("Tiếp nhận</button>") == count


@pytest.mark.parametrize("count", [1, 3])
def test_province_worklist_lists_reevaluations_against_their_45_days(
    client, erin, root, producer_a, criteria_set, django_assert_num_queries, count
):
    make_dossiers(count, producer=producer_a, user=root, status=S.IN_ROUND, criteria_set=criteria_set)
    for i, application in enumerate(Application.objects.order_by("id")):
        application.kind = ApplicationKind.REEVALUATION
        application.evaluation_deadline = today() + datetime.timedelta(days=i - 1)
        application.save()
    client.force_login(erin)
    with django_assert_num_queries(8):
        response = client.get(reverse("dossiers:province_worklist"))
    html = response.content.decode()
    assert html.count("45 ngày") >= 1
    assert html.count('class="badge overdue"') == 1  # the first one's deadline was yesterday
    assert f"{today() - datetime.timedelta(days=1):%d/%m/%Y}" in html
    assert html.count("Sản phẩm ") >= count


@pytest.mark.parametrize("count", [1, 3])
def test_document_library_query_count(client, alice, producer_a, django_assert_num_queries, count):
    for i in range(count):
        domain.upload_document(
            producer=producer_a, by=alice, upload=pdf_upload(str(i).encode()), kind="other", title=f"Tài liệu {i}"
        )
    client.force_login(alice)
    with django_assert_num_queries(7):
        response = client.get(reverse("dossiers:documents"))
    assert response.content.decode().count("Tài liệu ") >= count


def test_list_is_filtered_by_scope_and_status(client, carol, dave, submitted):
    client.force_login(carol)
    assert submitted.product.name in client.get(reverse("dossiers:list")).content.decode()
    assert submitted.product.name not in client.get(reverse("dossiers:list"), {"status": "draft"}).content.decode()
    client.force_login(dave)
    assert submitted.product.name not in client.get(reverse("dossiers:list")).content.decode()


# Pages and fragments


def test_self_assessment_page_renders_the_sheet_with_star_marks(client, alice, draft):
    client.force_login(alice)
    html = client.get(reverse("dossiers:self_assessment", args=[draft.code])).content.decode()
    assert 'name="c-1.1"' in html
    assert 'name="c-2.4" value="1"' in html  # a yes/no line
    assert "★★★★★" in html
    assert 'hx-post="' + reverse("dossiers:preview", args=[draft.code]) in html
    assert 'form="score-form"' in html
    assert "<h2>Phần B: KHẢ NĂNG TIẾP THỊ (25 điểm)</h2>" in html
    assert "Phần B: /" not in html


def test_self_assessment_page_names_a_documents_type_without_nesting_brackets(client, alice, draft, producer_a):
    domain.upload_document(producer=producer_a, by=alice, upload=pdf_upload(b"story"), kind="story", title="Tờ rơi")
    client.force_login(alice)
    html = client.get(reverse("dossiers:self_assessment", args=[draft.code])).content.decode()
    assert "Tờ rơi · Câu chuyện sản phẩm (tờ rơi, ảnh, phim)</option>" in html
    assert "phim))" not in html


def test_preview_fragment_shows_the_star_of_the_choices_on_screen(client, alice, draft):
    from .factories import best_choices, lowest_choices

    client.force_login(alice)
    url = reverse("dossiers:preview", args=[draft.code])
    best = {f"c-{code}": position for code, position in best_choices(draft).items()}
    html = client.post(url, best, headers={"HX-Request": "true"}).content.decode()
    assert '<p class="star-result">5 sao' in html
    assert "<strong>100</strong>/100" in html
    lowest = {f"c-{code}": position for code, position in lowest_choices(draft).items()}
    html = client.post(url, lowest, headers={"HX-Request": "true"}).content.decode()
    assert "chưa được công nhận" in html
    # No production linkage (1.5 = 0 points): 97 points is in the 5★ band, but 1.5 carries the 4★ and 5★
    # minimums, so the self-score earns 3★, and 1.5 is what stands between it and 4★.
    html = client.post(url, {**best, "c-1.5": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert '<p class="star-result">3 sao' in html
    assert "<strong>97</strong>/100" in html
    assert "Để đạt 4 sao" in html
    assert "<strong>1.5</strong>" in html
    draft.refresh_from_db()
    assert draft.self_choices == {}  # a preview saves nothing


def test_saving_the_sheet_through_the_form(client, alice, draft):
    client.force_login(alice)
    url = reverse("dossiers:self_assessment", args=[draft.code])
    response = client.post(url, {"c-1.1": "3", "n-1.1": "Nguyên liệu trong tỉnh", "c-2.4": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.self_choices == {"1.1": 3, "2.4": 1}
    assert draft.self_notes == {"1.1": "Nguyên liệu trong tỉnh"}
    response = client.post(url, {"c-1.1": "7"})
    assert response.status_code == 200
    assert "1.1" in response.content.decode()
    draft.refresh_from_db()
    assert draft.self_choices == {"1.1": 3, "2.4": 1}


def test_evidence_upload_through_htmx_returns_the_criterion_block(client, alice, draft):
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:evidence_upload", args=[draft.code]),
        {"file": pdf_upload(b"vietgap"), "kind": "raw_material", "title": "VietGAP", "criterion_code": "1.2"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="evidence">')
    assert "VietGAP" in html
    assert draft.evidence.get().criterion_code == "1.2"


def test_library_reupload_with_a_corrected_validity_date_says_what_it_changed(client, alice, producer_a):
    domain.upload_document(
        producer=producer_a,
        by=alice,
        upload=pdf_upload(b"kiem nghiem"),
        kind="test_report",
        title="Phiếu kiểm nghiệm",
        valid_until=datetime.date(2026, 12, 31),
    )
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:document_upload"),
        {
            "file": pdf_upload(b"kiem nghiem"),
            "kind": "test_report",
            "title": "Phiếu kiểm nghiệm",
            "valid_until": "31/12/2027",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Tệp này đã có trong thư viện với tên “Phiếu kiểm nghiệm”; đã cập nhật ngày hiệu lực: 31/12/2027." in html
    assert "Đã lưu" not in html
    assert Document.objects.get().valid_until == datetime.date(2027, 12, 31)


def test_evidence_reupload_of_a_library_file_says_it_was_there_and_attaches_it(client, alice, draft, producer_a):
    domain.upload_document(
        producer=producer_a, by=alice, upload=pdf_upload(b"vietgap"), kind="raw_material", title="VietGAP"
    )
    client.force_login(alice)
    html = client.post(
        reverse("dossiers:evidence_upload", args=[draft.code]),
        {"file": pdf_upload(b"vietgap"), "kind": "raw_material", "title": "VietGAP", "criterion_code": "1.2"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Tệp này đã có trong thư viện với tên “VietGAP”. Đã đính kèm tài liệu đó vào hồ sơ." in html
    assert "Đã tải lên" not in html
    assert draft.evidence.get().criterion_code == "1.2"


def test_evidence_upload_refusal_is_shown_in_the_block_and_stores_nothing(client, alice, draft, media):
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:evidence_upload", args=[draft.code]),
        {
            "file": pdf_upload(b"x").__class__("a.pdf", b"GIF89a....", content_type="application/pdf"),
            "kind": "other",
            "title": "Giả",
            "criterion_code": "1.2",
        },
        headers={"HX-Request": "true"},
    )
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Document.objects.exists()
    assert not any(media.rglob("*.*"))


def test_evidence_upload_of_html_behind_a_pdf_header_is_refused_and_stores_nothing(client, alice, draft, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("giay-phep.pdf", b"%PDF-1.4\n<html><body>phishing</body></html>")
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:evidence_upload", args=[draft.code]),
        {"file": fake, "kind": "other", "title": "Giấy phép", "criterion_code": "1.2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "không đọc được: tệp hỏng hoặc không phải PDF" in response.content.decode()
    assert not Document.objects.exists()
    assert not any(media.rglob("*.*"))


def test_evidence_upload_of_a_decompression_bomb_is_refused_and_stores_nothing(client, alice, draft, media):
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:evidence_upload", args=[draft.code]),
        {"file": bomb_upload("scan.png"), "kind": "other", "title": "Ảnh", "criterion_code": "1.2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh." in response.content.decode()
    assert not Document.objects.exists()
    assert not any(media.rglob("*.*"))


def test_attach_a_library_image_to_the_dossier_without_htmx(client, alice, draft, producer_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document, _ = domain.upload_document(
        producer=producer_a,
        by=alice,
        upload=SimpleUploadedFile("nhan.png", image_bytes()),
        kind="story",
        title="Ảnh nhãn",
    )
    client.force_login(alice)
    response = client.post(reverse("dossiers:evidence_attach", args=[draft.code]), {"document": document.pk})
    assert response.status_code == 302
    assert response.url.endswith("#evidence")
    assert draft.evidence.get().document == document


def test_detail_shows_the_checklist_to_the_producer(client, alice, draft):
    client.force_login(alice)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Trước khi nộp" in html
    assert "Đăng ký kinh doanh" in html
    assert "Chủ thể hoàn thiện" in html


def test_submit_refusal_is_reported_as_messages(client, alice, draft):
    client.force_login(alice)
    response = client.post(reverse("dossiers:submit", args=[draft.code]), follow=True)
    html = response.content.decode()
    assert "Chưa nộp được hồ sơ" in html
    assert "cam kết" in html
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_mau_03_print_page(client, carol, forwarded):
    client.force_login(carol)
    review = forwarded.commune_reviews.get()
    html = client.get(reverse("dossiers:form_03", args=[forwarded.code, review.pk])).content.decode()
    assert "Nghề làm mứt truyền thống." in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "<script>" not in html and "style=" not in html


def test_create_page_offers_only_products_without_open_dossier(client, alice, draft, producer_a, criteria_set, root):
    other = create_product(by=root, producer=producer_a, criteria_set=criteria_set, name="Trà gừng")
    client.force_login(alice)
    html = client.get(reverse("dossiers:create")).content.decode()
    assert other.name in html
    assert draft.product.name not in html
