import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination

from api.serializers.dossiers import DossierSerializer, DossierUpdateSerializer
from audit.models import AuditEntry
from dossiers import domain
from dossiers.domain.applications import FORM_FIELDS
from dossiers.domain.requirements import required_document_kinds
from dossiers.models import Application, ApplicationKind, ApplicationStatus, CommuneReview, Document, DocumentKind
from dossiers.tests.factories import best_choices, fill, forward_review, pdf_upload
from notifications.models import Notification
from products.domain import create_product

URL = "/api/v1/dossiers/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(alice, product_a):
    return domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)


@pytest.fixture
def submitted(draft, alice):
    return domain.submit_application(application=fill(draft, alice), by=alice)


@pytest.fixture
def forwarded(submitted, carol):
    domain.review_by_commune(application=submitted, by=carol, **forward_review())
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def submitted_b(bob, product_b):
    application = domain.create_application(product=product_b, kind=ApplicationKind.FIRST, by=bob)
    return domain.submit_application(application=fill(application, bob), by=bob)


def second_submitted(alice, producer_a, criteria_set):
    """Another of producer A's products, its dossier submitted: the twin that goes through the pages."""
    product = create_product(by=alice, producer=producer_a, criteria_set=criteria_set, name="Mứt gừng loại hai")
    application = domain.create_application(product=product, kind=ApplicationKind.FIRST, by=alice)
    return domain.submit_application(application=fill(application, alice), by=alice)


def entries(application, since: int = 0):
    """The dossier's audit entries after `since` (an entry id), as comparable values."""
    content_type = ContentType.objects.get_for_model(Application)
    rows = AuditEntry.objects.filter(content_type=content_type, object_id=str(application.pk), id__gt=since)
    return [(e.action, e.actor_id, e.changes, e.note) for e in rows.order_by("id")]


def review_entries(application):
    content_type = ContentType.objects.get_for_model(CommuneReview)
    ids = [str(pk) for pk in application.commune_reviews.values_list("pk", flat=True)]
    rows = AuditEntry.objects.filter(content_type=content_type, object_id__in=ids).order_by("id")
    return [(e.action, e.actor_id, e.changes, e.note) for e in rows]


def last_entry_id() -> int:
    """The newest audit entry about a dossier or a commune report (signing in is audited too)."""
    models = ContentType.objects.get_for_models(Application, CommuneReview).values()
    rows = AuditEntry.objects.filter(content_type__in=list(models)).order_by("-id")
    return rows.values_list("id", flat=True).first() or 0


def comparable_dates(rows):
    # Timestamps of the two twins differ by the test's run time; the rest must be the same.
    return [
        (action, actor, {k: v for k, v in changes.items() if k not in ("submitted_at", "received_at")}, note)
        for action, actor, changes, note in rows
    ]


# Who sees dossier A (product A, commune X, Hà Nội) once it is submitted.
VISIBLE = {
    "alice": True,
    "bob": False,
    "carol": True,
    "dave": False,
    "erin": True,
    "frank": False,
    "council": False,
    "minh": True,
    "root": True,
}


@pytest.mark.parametrize("persona", VISIBLE)
def test_dossier_list_and_detail_are_the_persona_scope(api_as, persona, submitted):
    client = api_as(persona)

    codes = [row["code"] for row in client.get(URL).json()["results"]]
    response = client.get(f"{URL}{submitted.code}/")

    assert codes == ([submitted.code] if VISIBLE[persona] else [])
    assert response.status_code == (200 if VISIBLE[persona] else 404)


@pytest.mark.parametrize(
    ("persona", "action", "body"),
    [
        ("bob", "submit/", {}),
        ("dave", "commune-review/", forward_review()),
        ("frank", "receive/", {}),
        ("frank", "return/", {"reason": "Thiếu giấy tờ"}),
        ("bob", "self-assessment/", {"choices": {}}),
    ],
)
def test_dossier_actions_outside_scope_are_404_and_change_nothing(api_as, persona, action, body, forwarded):
    before = last_entry_id()

    response = api_as(persona).post(f"{URL}{forwarded.code}/{action}", body, format="json")

    assert response.status_code == 404
    assert api_as(persona).patch(f"{URL}{forwarded.code}/", {"history": "x"}, format="json").status_code == 404
    assert last_entry_id() == before


def test_a_province_does_not_see_a_draft(api_as, draft):
    assert api_as("erin").get(f"{URL}{draft.code}/").status_code == 404
    assert api_as("alice").get(f"{URL}{draft.code}/").status_code == 200


def test_dossier_detail_has_state_deadlines_self_score_and_transitions(api_as, forwarded):
    body = api_as("erin").get(f"{URL}{forwarded.code}/").json()

    assert body["status"] == ApplicationStatus.COMMUNE_REVIEWED
    assert body["product"]["code"] == forwarded.product.code
    assert body["producer"]["code"] == forwarded.product.producer.code
    assert body["commune"]["code"] == forwarded.commune.code
    assert body["commune_deadline"] == forwarded.commune_deadline.isoformat()
    assert body["self_score"]["complete"] is True
    assert body["self_score"]["stars"] == 5
    assert body["self_score"]["total"] == 100.0
    assert [(row["before"], row["after"]) for row in body["transitions"]] == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "commune_reviewed"),
    ]
    assert [review["decision"] for review in body["commune_reviews"]] == ["forward"]


def test_dossier_created_and_submitted_through_the_api_is_audited_and_notifies(api_as, alice, carol, product_a):
    client = api_as("alice")

    created = client.post(URL, {"product": product_a.code, "kind": "first"}, format="json")
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    application = Application.objects.get(code=code)
    assert entries(application)[0][:2] == ("create", alice.pk)
    form_fields = {
        "sample_count": 5,
        "commitment": True,
        "history": "Thành lập năm 2015.",
        "business_results": "Doanh thu 2025: 2 tỷ đồng.",
        "business_plan": "Mở rộng vùng nguyên liệu.",
    }
    assert client.patch(f"{URL}{code}/", form_fields, format="json").status_code == 200
    choices = best_choices(application)
    response = client.post(f"{URL}{code}/self-assessment/", {"choices": choices}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["self_score"]["stars"] == 5
    for kind in required_document_kinds(application):
        upload = {"file": pdf_upload(kind.encode()), "kind": kind, "title": DocumentKind(kind).label}
        response = client.post(f"{URL}{code}/evidence/", upload, format="multipart")
        assert response.status_code == 200, response.json()
    assert len(response.json()["evidence"]) == len(required_document_kinds(application))

    response = client.post(f"{URL}{code}/submit/")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ApplicationStatus.SUBMITTED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert entries(application)[-1][:3] == ("transition", alice.pk, {"status": ["draft", "submitted"]})
    assert Notification.objects.filter(recipient=carol, url=application.get_absolute_url()).exists()


def test_dossier_submit_incomplete_is_400_in_vietnamese_and_changes_nothing(api_as, draft):
    before = last_entry_id()

    response = api_as("alice").post(f"{URL}{draft.code}/submit/")

    assert response.status_code == 400
    body = response.json()["errors"]
    assert "commitment" in body or "non_field_errors" in body or "self_choices" in body
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert last_entry_id() == before


def test_dossier_create_for_a_product_not_seen_is_400(api_as, product_b):
    response = api_as("alice").post(URL, {"product": product_b.code}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"product": [f"Không có sản phẩm nào mã {product_b.code}."]}
    assert not Application.objects.exists()


def test_dossier_create_by_an_officer_is_403(api_as, product_a):
    assert api_as("carol").post(URL, {"product": product_a.code}, format="json").status_code == 403
    assert not Application.objects.exists()


def test_dossier_submit_by_an_officer_who_sees_it_is_403(api_as, submitted):
    assert api_as("carol").post(f"{URL}{submitted.code}/submit/").status_code == 403


def test_commune_review_through_the_api_leaves_what_the_form_leaves(
    api_as, client, alice, carol, producer_a, criteria_set, submitted
):
    twin = second_submitted(alice, producer_a, criteria_set)
    api_start = last_entry_id()
    response = api_as("carol").post(f"{URL}{submitted.code}/commune-review/", forward_review(), format="json")
    assert response.status_code == 200, response.json()
    form_start = last_entry_id()
    client.force_login(carol)
    page = client.post(reverse("dossiers:commune_review", args=[twin.code]), forward_review())
    assert page.status_code == 302

    submitted.refresh_from_db()
    twin.refresh_from_db()
    assert submitted.status == twin.status == ApplicationStatus.COMMUNE_REVIEWED
    fields = ["decision", "complete", "local_raw_materials", "local_labour", "idea_origin", "local_identity", "report"]
    assert list(submitted.commune_reviews.values(*fields)) == list(twin.commune_reviews.values(*fields))
    assert entries(submitted, api_start) == entries(twin, form_start)
    assert review_entries(submitted) == review_entries(twin)


def test_commune_return_without_reason_is_400_and_changes_nothing(api_as, submitted):
    before = last_entry_id()

    response = api_as("carol").post(f"{URL}{submitted.code}/commune-review/", {"decision": "return"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Hãy ghi lý do trả lại để chủ thể bổ sung."]}
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert not submitted.commune_reviews.exists()
    assert last_entry_id() == before


def test_commune_review_bad_decision_is_400_in_vietnamese(api_as, submitted):
    response = api_as("carol").post(f"{URL}{submitted.code}/commune-review/", {"decision": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"decision": ["\u201cx\u201d không phải là một lựa chọn hợp lệ."]}


def test_commune_review_by_the_province_is_403(api_as, submitted):
    assert api_as("erin").post(f"{URL}{submitted.code}/commune-review/", forward_review()).status_code == 403


def test_province_receive_through_the_api_leaves_what_the_form_leaves(
    api_as, client, alice, carol, erin, producer_a, criteria_set, forwarded
):
    twin = second_submitted(alice, producer_a, criteria_set)
    domain.review_by_commune(application=twin, by=carol, **forward_review())
    api_start = last_entry_id()
    assert api_as("erin").post(f"{URL}{forwarded.code}/receive/").json()["status"] == ApplicationStatus.RECEIVED
    form_start = last_entry_id()
    client.force_login(erin)
    assert client.post(reverse("dossiers:receive", args=[twin.code])).status_code == 302

    assert comparable_dates(entries(forwarded, api_start)) == comparable_dates(entries(twin, form_start))
    forwarded.refresh_from_db()
    twin.refresh_from_db()
    assert forwarded.status == twin.status == ApplicationStatus.RECEIVED


def test_province_receive_in_the_wrong_state_is_400(api_as, submitted):
    response = api_as("erin").post(f"{URL}{submitted.code}/receive/")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Hồ sơ đang ở trạng thái “Đã nộp cho xã”, không thể thực hiện thao tác này."]
    }


def test_province_return_through_the_api_leaves_what_the_form_leaves(
    api_as, client, alice, carol, erin, producer_a, criteria_set, forwarded
):
    twin = second_submitted(alice, producer_a, criteria_set)
    domain.review_by_commune(application=twin, by=carol, **forward_review())
    api_start = last_entry_id()
    response = api_as("erin").post(f"{URL}{forwarded.code}/return/", {"reason": "Thiếu phiếu kiểm nghiệm"})
    assert response.json()["status"] == ApplicationStatus.RETURNED
    form_start = last_entry_id()
    client.force_login(erin)
    client.post(reverse("dossiers:province_return", args=[twin.code]), {"reason": "Thiếu phiếu kiểm nghiệm"})

    assert entries(forwarded, api_start) == entries(twin, form_start)
    forwarded.refresh_from_db()
    assert forwarded.returned_reason == "Thiếu phiếu kiểm nghiệm"


def test_province_return_without_reason_is_400(api_as, forwarded):
    response = api_as("erin").post(f"{URL}{forwarded.code}/return/", {"reason": "  "})

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Hãy ghi lý do trả lại để chủ thể bổ sung."]}
    forwarded.refresh_from_db()
    assert forwarded.status == ApplicationStatus.COMMUNE_REVIEWED


def test_dossier_list_paginates_filters_and_orders(api_as, monkeypatch, submitted, submitted_b):
    # DRF reads PAGE_SIZE once, into the paginator class.
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    client = api_as("erin")

    first = client.get(URL, {"ordering": "created"}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 2
    assert [first["results"][0]["code"], second["results"][0]["code"]] == [submitted.code, submitted_b.code]
    assert client.get(URL, {"ordering": "-created"}).json()["results"][0]["code"] == submitted_b.code
    assert client.get(URL, {"area": f"2025-commune-{submitted.commune.code}"}).json()["count"] == 1
    assert client.get(URL, {"product": submitted_b.product.code}).json()["results"][0]["code"] == submitted_b.code
    assert client.get(URL, {"status": "draft"}).json()["count"] == 0
    assert client.get(URL, {"kind": "first", "year": submitted.created_at.year}).json()["count"] == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "x"}, {"status": [f"Giá trị “x” không hợp lệ; chọn một trong: {', '.join(ApplicationStatus)}."]}),
        ({"ordering": "id"}, {"ordering": ["Không sắp xếp được theo “id”; chọn trong: created, submitted, "
                                           "commune_deadline, status."]}),
        ({"area": "2025-commune-zz"}, {"area": ["Không có địa bàn nào mã “2025-commune-zz”."]}),
        ({"year": "hai"}, {"year": ["“hai” không phải là số."]}),
        ({"year": "190259735309207767875584"}, {"year": ["Giá trị phải từ 1 đến 9999."]}),
    ],
)  # fmt: skip
def test_dossier_list_bad_filters_are_400(api_as, query, message, submitted):
    response = api_as("erin").get(URL, query)

    assert response.status_code == 400
    assert response.json()["errors"] == message


def test_dossier_list_query_count_does_not_grow_with_the_dossiers(
    api_as, django_assert_max_num_queries, alice, producer_a, criteria_set, submitted
):
    client = api_as("erin")
    client.get(URL)  # the sheet's layout is cached on first use
    with django_assert_max_num_queries(12) as one:
        client.get(URL)
    second_submitted(alice, producer_a, criteria_set)

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(URL).json()["count"] == 2


def test_evidence_that_is_not_a_pdf_or_image_is_400_and_stores_nothing(api_as, draft):
    upload = SimpleUploadedFile("ghi-chu.pdf", b"not a pdf at all", content_type="application/pdf")

    response = api_as("alice").post(
        f"{URL}{draft.code}/evidence/", {"file": upload, "kind": "test_report", "title": "Phiếu"}, format="multipart"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    assert not Document.objects.exists()


def test_evidence_without_a_title_is_400_in_vietnamese(api_as, draft):
    response = api_as("alice").post(
        f"{URL}{draft.code}/evidence/", {"file": pdf_upload(), "kind": "test_report"}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"title": ["Trường này là bắt buộc."]}


def test_evidence_on_someone_elses_dossier_is_404(api_as, draft):
    response = api_as("bob").post(f"{URL}{draft.code}/evidence/", {"file": pdf_upload()}, format="multipart")

    assert response.status_code == 404
    assert not Document.objects.exists()


def test_draft_deleted_through_the_api_is_audited(api_as, alice, draft):
    pk = draft.pk

    assert api_as("bob").delete(f"{URL}{draft.code}/").status_code == 404
    assert api_as("alice").delete(f"{URL}{draft.code}/").status_code == 204

    assert not Application.objects.filter(pk=pk).exists()
    assert entries(draft)[-1][:2] == ("delete", alice.pk)


def test_submitted_dossier_cannot_be_deleted(api_as, submitted):
    assert api_as("alice").delete(f"{URL}{submitted.code}/").status_code == 403
    assert Application.objects.filter(pk=submitted.pk).exists()


def test_dossier_form_fields_come_from_the_domain():
    assert DossierUpdateSerializer.Meta.fields == list(FORM_FIELDS)
    at = DossierSerializer.Meta.fields.index("legal_version") + 1
    assert DossierSerializer.Meta.fields[at : at + len(FORM_FIELDS)] == list(FORM_FIELDS)


def test_dossier_form_bad_sample_count_is_400_in_vietnamese_and_changes_nothing(api_as, draft):
    response = api_as("alice").patch(f"{URL}{draft.code}/", {"sample_count": "năm"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"sample_count": ["Giá trị không hợp lệ."]}
