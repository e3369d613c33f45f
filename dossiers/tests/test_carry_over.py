"""An upgrade or re-evaluation dossier starts from the product's last dossier: Mẫu 01/02 texts, the self-score
(on the same sheet only) and the evidence links are carried over, marked for review, expired documents flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from criteria.models import CriteriaSet, LegalVersion
from dossiers import domain
from dossiers.domain.requirements import missing_for_submission
from dossiers.models import Application, ApplicationKind, ApplicationStatus, Document, Evidence

from .factories import fill, make_certificate, pdf_upload, today

FIRST_TEXTS = {
    "history": "Thành lập năm 2015.",
    "business_results": "Doanh thu 2025: 2 tỷ đồng.",
    "business_plan": "Mở rộng vùng nguyên liệu.",
}


def recognised(application: Application) -> Application:
    # The earlier dossier's own journey is tested elsewhere; here it only has to be over.
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.RECOGNISED)
    application.refresh_from_db()
    return application


@pytest.fixture
def earlier(draft, alice):
    """Alice's recognised first dossier: filled, with a note and a criterion's evidence, and an expired test report."""
    fill(draft, alice)
    choices = dict(draft.self_choices)
    domain.save_self_assessment(application=draft, by=alice, choices=choices, notes={"1.1": "Gừng của xã."})
    domain.upload_evidence(
        application=draft,
        by=alice,
        upload=pdf_upload(b"hop dong lien ket"),
        kind="raw_material",
        title="Hợp đồng liên kết",
        criterion_code="1.5",
    )
    domain.upload_evidence(
        application=draft,
        by=alice,
        upload=pdf_upload(b"kiem nghiem 2024"),
        kind="test_report",
        title="Phiếu kiểm nghiệm 2024",
        valid_until=today() - datetime.timedelta(days=1),
    )
    return recognised(draft)


@pytest.fixture
def certified(product_a):
    return make_certificate(product_a, expires_on=today() + datetime.timedelta(days=400), stars=3)


def links(application: Application) -> set[tuple[str, str, bool]]:
    return {
        (e.document.title, e.criterion_code, e.carried_over) for e in application.evidence.select_related("document")
    }


def test_upgrade_dossier_starts_from_the_products_last_dossier(earlier, certified, product_a, alice):
    documents = Document.objects.count()
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    assert upgrade.carried_from == earlier
    assert {name: getattr(upgrade, name) for name in FIRST_TEXTS} == FIRST_TEXTS
    assert (upgrade.sample_count, upgrade.commitment) == (5, False)
    assert upgrade.self_choices == earlier.self_choices
    assert upgrade.self_notes == {"1.1": "Gừng của xã."}
    assert links(upgrade) == {(title, code, True) for title, code, _carried in links(earlier)}
    assert Document.objects.count() == documents
    assert (upgrade.review_forms, upgrade.review_lines) == (True, sorted(earlier.self_choices, key=_code_key))


def _code_key(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in code.split(".")]


def test_carry_over_is_one_audited_step(earlier, certified, product_a, alice):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    entry = AuditEntry.objects.get(object_id=str(upgrade.pk), note__startswith="Chuyển nội dung từ hồ sơ")
    assert earlier.code in entry.note
    assert entry.changes["expired documents"] == [None, ["Phiếu kiểm nghiệm 2024"]]


def test_last_dossier_is_the_most_recent_one(earlier, certified, product_a, alice):
    later = Application.objects.create(
        product=product_a,
        kind=ApplicationKind.UPGRADE,
        legal_version=earlier.legal_version,
        criteria_set=earlier.criteria_set,
        commune=earlier.commune,
        province=earlier.province,
        status=ApplicationStatus.NOT_RECOGNISED,
        history="Lịch sử viết lại năm 2027.",
    )
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    assert (upgrade.carried_from, upgrade.history) == (later, "Lịch sử viết lại năm 2027.")


def test_reevaluation_from_another_versions_sheet_carries_texts_and_evidence_only(
    earlier, product_a, alice, criteria_set
):
    # The same product set under QĐ 148/2023 (its sheet is not loaded: only its identity matters here).
    old_sheet = CriteriaSet.objects.create(
        legal_version=LegalVersion.objects.get(code="QD148_2023"),
        group=criteria_set.group,
        number=criteria_set.number,
        code=criteria_set.code,
        name=criteria_set.name,
        managing_agency=criteria_set.managing_agency,
    )
    Application.objects.filter(pk=earlier.pk).update(criteria_set=old_sheet, legal_version=old_sheet.legal_version)
    make_certificate(product_a, expires_on=today() + datetime.timedelta(days=150), stars=3)
    reevaluation = domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)
    assert reevaluation.history == FIRST_TEXTS["history"]
    assert (reevaluation.self_choices, reevaluation.self_notes, reevaluation.review_lines) == ({}, {}, [])
    # Criterion links become links to the whole dossier: the codes belong to the old sheet.
    assert links(reevaluation) == {(title, "", True) for title, _code, _carried in links(earlier)}


def test_dossier_of_a_product_with_no_earlier_dossier_starts_empty_and_says_so(client, certified, product_a, alice):
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:create"), {"product": product_a.pk, "kind": ApplicationKind.UPGRADE}, follow=True
    )
    upgrade = Application.objects.get(product=product_a)
    assert (upgrade.carried_from, upgrade.history, upgrade.self_choices, upgrade.evidence.count()) == (None, "", {}, 0)
    shown = [str(m) for m in response.context["messages"]]
    assert any("chưa có hồ sơ trước trên hệ thống" in m for m in shown), shown
    assert "chưa có hồ sơ trước trên hệ thống" in client.get(upgrade.get_absolute_url()).content.decode()


def test_creating_over_http_says_what_was_carried_and_what_expired(client, earlier, certified, product_a, alice):
    client.force_login(alice)
    response = client.post(
        reverse("dossiers:create"), {"product": product_a.pk, "kind": ApplicationKind.UPGRADE}, follow=True
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert earlier.code in shown
    assert "Phiếu kiểm nghiệm 2024" in shown


def test_saving_clears_the_review_marks(earlier, certified, product_a, alice):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    domain.update_application(application=upgrade, by=alice, commitment=True, history="Thành lập năm 2015.")
    domain.save_self_assessment(application=upgrade, by=alice, choices=upgrade.self_choices, notes={})
    upgrade.refresh_from_db()
    assert (upgrade.review_forms, upgrade.review_lines) == (False, [])
    contract = upgrade.evidence.get(document__title="Hợp đồng liên kết")
    domain.confirm_evidence(evidence=contract, by=alice)
    contract.refresh_from_db()
    assert contract.carried_over is False


def test_an_expired_carried_document_cannot_be_confirmed(earlier, certified, product_a, alice):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    expired = upgrade.evidence.get(document__title="Phiếu kiểm nghiệm 2024")
    with pytest.raises(ValidationError) as error:
        domain.confirm_evidence(evidence=expired, by=alice)
    assert "hết hiệu lực" in error.value.messages[0]
    assert Evidence.objects.get(pk=expired.pk).carried_over is True
    domain.detach_evidence(evidence=expired, by=alice)
    assert not upgrade.evidence.filter(document__title="Phiếu kiểm nghiệm 2024").exists()


def test_submission_waits_until_everything_carried_over_is_reviewed(earlier, certified, product_a, alice):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    domain.update_application(
        application=upgrade, by=alice, commitment=True, changes_since_recognition="Bao bì mới, thêm mã truy xuất."
    )
    problems = missing_for_submission(upgrade, on=today())
    assert list(problems) == ["carried_over"]
    assert problems["carried_over"] == [
        "Chưa xem lại nội dung chuyển từ hồ sơ trước: bảng tự chấm điểm; 4 minh chứng (bấm “Đã xem lại” ở từng "
        "minh chứng, hoặc gỡ minh chứng không còn dùng)."
    ]
    domain.save_self_assessment(application=upgrade, by=alice, choices=upgrade.self_choices, notes={})
    for evidence in upgrade.evidence.exclude(document__title="Phiếu kiểm nghiệm 2024"):
        domain.confirm_evidence(evidence=evidence, by=alice)
    domain.detach_evidence(evidence=upgrade.evidence.get(document__title="Phiếu kiểm nghiệm 2024"), by=alice)
    assert missing_for_submission(upgrade, on=today()) == {}
    domain.submit_application(application=upgrade, by=alice)
    upgrade.refresh_from_db()
    assert upgrade.status == ApplicationStatus.SUBMITTED


def test_pages_show_the_review_marks_and_confirm_over_htmx(client, earlier, certified, product_a, alice):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    client.force_login(alice)
    detail = client.get(upgrade.get_absolute_url()).content.decode()
    assert f'Lập từ hồ sơ <a href="{earlier.get_absolute_url()}">{earlier.code}</a>' in detail
    assert detail.count("Chờ xem lại") == 4
    assert (
        "Mẫu 01, Mẫu 02 được chuyển từ hồ sơ trước"
        in client.get(reverse("dossiers:edit", args=[upgrade.code])).content.decode()
    )
    sheet = client.get(reverse("dossiers:self_assessment", args=[upgrade.code])).content.decode()
    assert sheet.count('class="badge pending carried"') == len(upgrade.review_lines) + 1  # + the 1.5 contract
    contract = upgrade.evidence.get(document__title="Hợp đồng liên kết")
    url = reverse("dossiers:evidence_confirm", args=[upgrade.code, contract.pk])
    fragment = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert "Đã xác nhận “Hợp đồng liên kết”." in fragment
    contract.refresh_from_db()
    assert contract.carried_over is False


@pytest.mark.parametrize("persona", ["bob", "carol", "erin"])
def test_others_cannot_confirm_carried_evidence(client, request, earlier, certified, product_a, alice, persona):
    upgrade = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    contract = upgrade.evidence.get(document__title="Hợp đồng liên kết")
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("dossiers:evidence_confirm", args=[upgrade.code, contract.pk]))
    # A draft is the producer's own: 404 for everyone else (the province does not see drafts; the commune's
    # officer sees it but does not act for the producer).
    assert response.status_code == (403 if persona == "carol" else 404)
    contract.refresh_from_db()
    assert contract.carried_over is True
