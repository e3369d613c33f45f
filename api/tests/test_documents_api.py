"""The document library through the API: upload (stored once per content), correct, download, attach to and detach
from a dossier — each leaving what the library and dossier pages leave; scope and token rights as everywhere."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.tokens import WriteScope
from audit.models import AuditEntry
from dossiers import domain
from dossiers.models import ApplicationKind, Document, DocumentKind
from dossiers.tests.factories import pdf_bytes, pdf_upload
from products.domain import create_product

URL = "/api/v1/documents/"
KIND = DocumentKind.QUALITY_DECLARATION


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(alice, product_a):
    return domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)


@pytest.fixture
def twin_draft(alice, producer_a, criteria_set):
    """A draft of another of producer A's products: the twin that goes through the pages."""
    product = create_product(by=alice, producer=producer_a, criteria_set=criteria_set, name="Mứt gừng loại hai")
    return domain.create_application(product=product, kind=ApplicationKind.FIRST, by=alice)


def upload(content: bytes, title: str = "Bản công bố chất lượng") -> dict:
    return {"file": pdf_upload(content), "kind": KIND, "title": title}


def stored(alice, content: bytes) -> Document:
    document, _result = domain.upload_document(
        producer=alice.producer, by=alice, upload=pdf_upload(content), kind=KIND, title="Công bố"
    )
    return document


def entries(obj, *, ignore=()):
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).order_by("id")
    return [(e.action, e.actor_id, {k: v for k, v in e.changes.items() if k not in ignore}, e.note) for e in rows]


def bearer(user, scopes) -> APIClient:
    _token, raw = tokens.create_token(
        user=user, name="t", expires_on=timezone.localdate() + datetime.timedelta(days=30), scopes=scopes, by=user
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_upload_through_the_api_leaves_what_the_library_page_leaves(api_as, client, alice):
    response = api_as("alice").post(URL, upload(b"api"), format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["created"], body["kind"], body["title"], body["dossiers"]) == (True, KIND, "Bản công bố chất lượng", 0)
    client.force_login(alice)
    assert client.post(reverse("dossiers:document_upload"), upload(b"page")).status_code == 302

    by_api, by_page = Document.objects.get(code=body["code"]), Document.objects.exclude(code=body["code"]).get()
    fields = ("producer_id", "kind", "title", "content_type", "uploaded_by_id")
    assert [getattr(by_api, f) for f in fields] == [getattr(by_page, f) for f in fields]
    ignore = ("sha256", "size", "file")
    assert entries(by_api, ignore=ignore) == entries(by_page, ignore=ignore)


def test_the_same_content_again_keeps_the_document_and_takes_the_new_title(api_as):
    api = api_as("alice")
    first = api.post(URL, upload(b"once"), format="multipart").json()
    again = api.post(URL, upload(b"once", title="Công bố bản mới"), format="multipart")

    assert again.status_code == 200
    assert (again.json()["code"], again.json()["created"], again.json()["title"]) == (
        first["code"],
        False,
        "Công bố bản mới",
    )
    assert Document.objects.count() == 1


def test_a_file_that_is_not_a_pdf_or_image_is_400_in_vietnamese_and_stores_nothing(api_as):
    bad = {"file": SimpleUploadedFile("a.pdf", b"not a pdf at all", content_type="application/pdf")}
    response = api_as("alice").post(URL, {**bad, "kind": KIND, "title": "Tệp hỏng"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not Document.objects.exists()


def test_correcting_and_downloading_a_document(api_as, alice):
    document = stored(alice, b"dl")
    api = api_as("alice")

    changed = api.patch(f"{URL}{document.code}/", {"title": "Công bố 2027", "valid_until": "2027-12-31"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["title"], changed.json()["valid_until"], changed.json()["kind"]) == (
        "Công bố 2027",
        "2027-12-31",
        KIND,
    )
    assert entries(document)[-1][0] == "update"
    assert api.patch(f"{URL}{document.code}/", {"kind": "nope"}, format="json").status_code == 400
    file = api.get(f"{URL}{document.code}/download/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == pdf_bytes(b"dl")
    assert file["X-Content-Type-Options"] == "nosniff"


def test_a_library_is_its_producers_and_others_see_only_attached_documents(api_as, alice, carol, draft):
    document = stored(alice, b"mine")
    assert api_as("bob").get(f"{URL}{document.code}/").status_code == 404
    assert api_as("bob").patch(f"{URL}{document.code}/", {"title": "x"}, format="json").status_code == 404
    assert api_as("carol").get(f"{URL}{document.code}/").status_code == 404
    assert [row["code"] for row in api_as("alice").get(URL).json()["results"]] == [document.code]
    assert api_as("carol").post(URL, upload(b"officer"), format="multipart").status_code == 403

    domain.attach_evidence(application=draft, document=document, by=alice)
    assert api_as("bob").get(f"{URL}{document.code}/").status_code == 404


def test_a_token_writes_the_library_only_with_the_dossiers_right(alice):
    assert bearer(alice, []).post(URL, upload(b"ro"), format="multipart").status_code == 403
    assert bearer(alice, [WriteScope.PRODUCTS]).post(URL, upload(b"pr"), format="multipart").status_code == 403
    assert bearer(alice, [WriteScope.DOSSIERS]).post(URL, upload(b"ok"), format="multipart").status_code == 201
    assert Document.objects.count() == 1


def test_attach_and_detach_through_the_api_leave_what_the_dossier_page_leaves(api_as, client, alice, draft, twin_draft):
    document = stored(alice, b"ev")
    api = api_as("alice")
    attached = api.post(f"/api/v1/dossiers/{draft.code}/evidence/attach/", {"document": document.code}, format="json")
    assert attached.status_code == 200, attached.json()
    assert [e["document"] for e in attached.json()["evidence"]] == [document.code]
    detached = api.post(f"/api/v1/dossiers/{draft.code}/evidence/detach/", {"document": document.code}, format="json")
    assert detached.status_code == 200 and detached.json()["evidence"] == []

    client.force_login(alice)
    assert (
        client.post(reverse("dossiers:evidence_attach", args=[twin_draft.code]), {"document": document.pk}).status_code
        == 302
    )
    evidence = twin_draft.evidence.get()
    assert client.post(reverse("dossiers:evidence_detach", args=[twin_draft.code, evidence.pk])).status_code == 302
    skip_creation = slice(1, None)
    assert entries(draft)[skip_creation] == entries(twin_draft)[skip_creation]


def test_attach_refuses_another_producers_document_and_an_unknown_line(api_as, alice, bob, draft):
    theirs, _result = domain.upload_document(
        producer=bob.producer, by=bob, upload=pdf_upload(b"bob"), kind=KIND, title="Của B"
    )
    api = api_as("alice")
    url = f"/api/v1/dossiers/{draft.code}/evidence/attach/"
    assert api.post(url, {"document": theirs.code}, format="json").status_code == 400
    mine = stored(alice, b"line")
    wrong_line = api.post(url, {"document": mine.code, "criterion_code": "99.9"}, format="json")
    assert wrong_line.status_code == 400 and "criterion_code" in wrong_line.json()["errors"]
    assert not draft.evidence.exists()
    assert api_as("bob").post(url, {"document": theirs.code}, format="json").status_code == 404
