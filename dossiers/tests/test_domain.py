"""The dossier's workflow rules: every transition, and every refusal leaves the dossier as it was."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.domain import history
from dossiers import domain
from dossiers.models import Application, ApplicationKind, ApplicationStatus, CommuneReview, DocumentKind
from dossiers.workdays import add_working_days
from notifications.models import Notification

from .factories import fill, forward_review, make_certificate, pdf_upload, today

S = ApplicationStatus


def notified(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("message", flat=True))


def problems(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# Opening a dossier


def test_create_application_keeps_the_legal_version_and_the_products_criteria_set(draft, product_a, commune_x, hanoi):
    assert draft.status == S.DRAFT
    assert draft.legal_version.code == "QD26_2026"
    assert draft.criteria_set == product_a.criteria_set
    assert (draft.commune, draft.province) == (commune_x, hanoi)
    assert draft.previous_certificate is None
    assert draft.sample_count == 5
    assert [entry.action for entry in history(draft)] == ["create"]


@pytest.mark.parametrize("persona", ["bob", "carol", "erin", "root"])
def test_only_the_producers_users_open_a_dossier(request, product_a, persona):
    with pytest.raises(PermissionDenied):
        domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=request.getfixturevalue(persona))
    assert not Application.objects.exists()


def test_a_product_has_one_dossier_in_progress(draft, alice, product_a):
    with pytest.raises(ValidationError) as caught:
        domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)
    assert draft.code in problems(caught.value)["product"][0]
    assert Application.objects.count() == 1


def test_unverified_producer_cannot_file(alice, product_a, producer_a):
    producer_a.status = producer_a.Status.PENDING
    producer_a.save()
    with pytest.raises(ValidationError):
        domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)


def test_first_time_dossier_for_a_certified_product_is_refused(alice, product_a):
    make_certificate(product_a, expires_on=today() + datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as caught:
        domain.create_application(product=product_a, kind=ApplicationKind.FIRST, by=alice)
    assert "nâng hạng" in problems(caught.value)["kind"][0]
    assert not Application.objects.exists()


def test_upgrade_records_the_certificate_it_follows_up(alice, product_a):
    certificate = make_certificate(product_a, expires_on=today() + datetime.timedelta(days=400))
    application = domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice)
    assert application.previous_certificate == certificate


def test_reevaluation_before_the_window_cannot_be_opened(alice, product_a):
    make_certificate(product_a, expires_on=today() + datetime.timedelta(days=400))
    with pytest.raises(ValidationError):
        domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)


# Filling Mẫu 01 and 02


def test_update_application_saves_and_audits(draft, alice):
    domain.update_application(application=draft, by=alice, history="  Thành lập 2015 ", commitment=True)
    draft.refresh_from_db()
    assert draft.history == "Thành lập 2015"
    assert history(draft)[0].changes["history"] == ["", "Thành lập 2015"]


def test_someone_else_cannot_edit_the_dossier(draft, bob, carol):
    for user in (bob, carol):
        with pytest.raises(PermissionDenied):
            domain.update_application(application=draft, by=user, history="x")


def test_self_score_is_stored_as_the_engine_takes_it(draft, alice):
    domain.save_self_assessment(application=draft, by=alice, choices={"1.1": "2", "2.4": 1}, notes={"1.1": " 80% "})
    draft.refresh_from_db()
    assert draft.self_choices == {"1.1": 2, "2.4": 1}
    assert draft.self_notes == {"1.1": "80%"}
    assert history(draft)[0].changes == {
        "thuyết minh 1.1": [None, "80%"],
        "tự chấm 1.1": [None, 2],
        "tự chấm 2.4": [None, 1],
    }


@pytest.mark.parametrize("choices", [{"1.1": 9}, {"99.9": 1}, {"1.1": "a"}, {"2.4": 2}])
def test_self_score_refuses_options_that_do_not_exist(draft, alice, choices):
    with pytest.raises(ValidationError):
        domain.save_self_assessment(application=draft, by=alice, choices=choices, notes={})
    draft.refresh_from_db()
    assert draft.self_choices == {}


# Submitting


def test_incomplete_dossier_is_refused_with_every_problem_and_nothing_changes(draft, alice):
    with pytest.raises(ValidationError) as caught:
        domain.submit_application(application=draft, by=alice)
    assert set(problems(caught.value)) == {
        "commitment",
        "history",
        "business_results",
        "business_plan",
        "self_choices",
        "documents",
    }
    assert len(problems(caught.value)["documents"]) == 2  # business registration, production conditions
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.commune_deadline) == (S.DRAFT, None, None)


def test_submission_sets_the_15_working_day_deadline_and_notifies_the_commune(carol, dave, submitted):
    assert submitted.status == S.SUBMITTED
    assert submitted.submitted_at is not None
    assert submitted.commune_deadline == add_working_days(today(), 15)
    assert not submitted.is_overdue
    assert len(notified(carol)) == 1
    assert "chờ xã kiểm tra" in notified(carol)[0]
    assert notified(dave) == []
    transition = history(submitted).filter(action="transition").get()
    assert transition.changes == {"status": ["draft", "submitted"]}


def test_submission_refuses_an_expired_mandatory_document(draft, alice):
    fill(draft, alice)
    for evidence in draft.evidence.select_related("document"):
        if evidence.document.kind == DocumentKind.PRODUCTION_CONDITIONS:
            domain.update_document(
                document=evidence.document,
                by=alice,
                kind=evidence.document.kind,
                title="ATTP",
                valid_until=today() - datetime.timedelta(days=1),
            )
    with pytest.raises(ValidationError) as caught:
        domain.submit_application(application=draft, by=alice)
    assert "hết hiệu lực" in problems(caught.value)["documents"][0]


def test_submission_needs_the_whole_sheet_scored(draft, alice):
    fill(draft, alice, choices={"1.1": 1})
    with pytest.raises(ValidationError) as caught:
        domain.submit_application(application=draft, by=alice)
    assert list(problems(caught.value)) == ["self_choices"]


def test_submitted_dossier_can_neither_be_edited_nor_deleted(submitted, alice):
    with pytest.raises(ValidationError):
        domain.update_application(application=submitted, by=alice, history="x")
    with pytest.raises(PermissionDenied):
        domain.delete_application(application=submitted, by=alice)
    with pytest.raises(ValidationError):
        domain.submit_application(application=submitted, by=alice)


def test_draft_can_be_deleted_and_its_documents_stay(draft, alice):
    domain.upload_evidence(application=draft, by=alice, upload=pdf_upload(), kind="other", title="Ảnh")
    domain.delete_application(application=draft, by=alice)
    assert not Application.objects.exists()
    assert alice.producer.documents.count() == 1


def test_reevaluation_in_the_window_is_submitted_without_extension(alice, product_a):
    certificate = make_certificate(product_a, expires_on=today() + datetime.timedelta(days=150))
    application = domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)
    fill(application, alice)
    domain.submit_application(application=application, by=alice)
    certificate.refresh_from_db()
    assert certificate.extended_until is None


def test_late_reevaluation_extends_the_certificate_until_the_decision(alice, product_a):
    expires = today() + datetime.timedelta(days=60)
    certificate = make_certificate(product_a, expires_on=expires)
    application = domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)
    fill(application, alice)
    domain.submit_application(application=application, by=alice)
    certificate.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert certificate.extended_until == expires + datetime.timedelta(days=180)


def test_reevaluation_of_an_expired_certificate_is_filed_late(alice, product_a):
    expires = today() - datetime.timedelta(days=30)
    certificate = make_certificate(product_a, expires_on=expires)
    application = domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)
    fill(application, alice)
    domain.submit_application(application=application, by=alice)
    certificate.refresh_from_db()
    assert certificate.extended_until == expires + datetime.timedelta(days=180)


def test_submission_is_refused_when_the_certificate_was_withdrawn_meanwhile(alice, product_a):
    certificate = make_certificate(product_a, expires_on=today() + datetime.timedelta(days=400))
    application = fill(domain.create_application(product=product_a, kind=ApplicationKind.UPGRADE, by=alice), alice)
    certificate.withdrawn_on = today()
    certificate.save()
    with pytest.raises(ValidationError) as caught:
        domain.submit_application(application=application, by=alice)
    assert list(problems(caught.value)) == ["kind"]
    application.refresh_from_db()
    assert application.status == S.DRAFT


# The commune's check


def test_commune_forwards_with_the_mau_03_report(carol, erin, frank, forwarded):
    assert forwarded.status == S.COMMUNE_REVIEWED
    review = forwarded.commune_reviews.get()
    assert (review.reviewer, review.complete, review.decision) == (carol, True, CommuneReview.Decision.FORWARD)
    assert review.local_identity == "Nghề làm mứt truyền thống."
    assert notified(erin) == ["Xã Phú Nghĩa đề nghị đánh giá sản phẩm Mứt gừng Phú Nghĩa: hồ sơ chờ tỉnh tiếp nhận."]
    assert notified(frank) == []
    assert [entry.action for entry in history(review)] == ["create"]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"complete": False}, "complete"), ({"local_labour": " "}, "local_labour"), ({"decision": "maybe"}, "decision")],
)
def test_commune_cannot_forward_an_incomplete_check(submitted, carol, change, field):
    with pytest.raises(ValidationError) as caught:
        domain.review_by_commune(application=submitted, by=carol, **{**forward_review(), **change})
    assert field in problems(caught.value)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED
    assert not CommuneReview.objects.exists()


@pytest.mark.parametrize("persona", ["dave", "erin", "alice", "root"])
def test_only_the_dossiers_commune_checks_it(submitted, request, persona):
    with pytest.raises(PermissionDenied):
        domain.review_by_commune(application=submitted, by=request.getfixturevalue(persona), **forward_review())
    assert not CommuneReview.objects.exists()


def test_commune_cannot_check_a_draft(draft, carol):
    with pytest.raises(ValidationError):
        domain.review_by_commune(application=draft, by=carol, **forward_review())


def test_commune_returns_with_a_reason_and_the_producer_resubmits(carol, alice, submitted):
    with pytest.raises(ValidationError) as caught:
        domain.review_by_commune(application=submitted, by=carol, decision="return", complete=False)
    assert "reason" in problems(caught.value)
    domain.review_by_commune(
        application=submitted, by=carol, decision="return", complete=False, reason="Thiếu phiếu kiểm nghiệm."
    )
    submitted.refresh_from_db()
    assert submitted.status == S.RETURNED
    assert submitted.returned_reason == "Thiếu phiếu kiểm nghiệm."
    assert "Thiếu phiếu kiểm nghiệm." in notified(alice)[0]

    domain.update_application(application=submitted, by=alice, business_results="Kèm phiếu kiểm nghiệm.")
    domain.submit_application(application=submitted, by=alice)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.returned_reason) == (S.SUBMITTED, "")
    assert len(notified(carol)) == 2
    assert "nộp lại" in notified(carol)[0]


def test_overdue_flag_after_the_deadline(submitted):
    Application.objects.filter(pk=submitted.pk).update(commune_deadline=today() - datetime.timedelta(days=1))
    submitted.refresh_from_db()
    assert submitted.is_overdue
    Application.objects.filter(pk=submitted.pk).update(commune_deadline=today())
    submitted.refresh_from_db()
    assert not submitted.is_overdue


def test_late_commune_check_is_noted_in_the_audit(submitted, carol):
    Application.objects.filter(pk=submitted.pk).update(commune_deadline=today() - datetime.timedelta(days=10))
    submitted.refresh_from_db()
    domain.review_by_commune(application=submitted, by=carol, **forward_review())
    assert "quá hạn" in history(submitted).filter(action="transition").first().note


# The province's reception


def test_province_receives_a_forwarded_dossier(forwarded, erin, alice):
    domain.receive_application(application=forwarded, by=erin)
    forwarded.refresh_from_db()
    assert forwarded.status == S.RECEIVED
    assert forwarded.received_at is not None
    assert any("tiếp nhận" in message for message in notified(alice))


def reevaluation_forwarded(alice, carol, product_a):
    make_certificate(product_a, expires_on=today() + datetime.timedelta(days=150))
    application = domain.create_application(product=product_a, kind=ApplicationKind.REEVALUATION, by=alice)
    fill(application, alice)
    domain.submit_application(application=application, by=alice)
    domain.review_by_commune(application=application, by=carol, **forward_review())
    application.refresh_from_db()
    return application


def test_a_reevaluation_has_45_days_from_the_complete_dossier_the_province_receives(alice, carol, erin, product_a):
    # Điều 7.6.g: "không quá 45 ngày kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp xã" (calendar days).
    application = reevaluation_forwarded(alice, carol, product_a)
    assert application.evaluation_deadline is None

    domain.receive_application(application=application, by=erin)

    application.refresh_from_db()
    assert application.evaluation_deadline == today() + datetime.timedelta(days=45)
    assert application.current_deadline == application.evaluation_deadline
    assert not application.is_overdue
    assert history(application)[1].changes["evaluation_deadline"] == [None, application.evaluation_deadline.isoformat()]


def test_a_first_evaluation_has_no_45_day_limit(forwarded, erin):
    domain.receive_application(application=forwarded, by=erin)
    forwarded.refresh_from_db()
    assert (forwarded.evaluation_deadline, forwarded.current_deadline, forwarded.is_overdue) == (None, None, False)


@pytest.mark.parametrize(
    ("status", "overdue"),
    [(S.RECEIVED, True), (S.IN_ROUND, True), (S.SCORED, True), (S.RECOGNISED, False), (S.RETURNED, False)],
)
def test_a_reevaluation_is_overdue_past_45_days_until_the_province_decides(
    alice, carol, erin, product_a, status, overdue
):
    application = reevaluation_forwarded(alice, carol, product_a)
    domain.receive_application(application=application, by=erin)
    Application.objects.filter(pk=application.pk).update(
        status=status, evaluation_deadline=today() - datetime.timedelta(days=1)
    )
    application.refresh_from_db()
    assert application.is_overdue is overdue


def test_a_reevaluation_received_again_after_completion_gets_a_new_45_days(alice, carol, erin, product_a):
    application = reevaluation_forwarded(alice, carol, product_a)
    domain.receive_application(application=application, by=erin)
    Application.objects.filter(pk=application.pk).update(evaluation_deadline=today() - datetime.timedelta(days=3))
    application.refresh_from_db()
    domain.return_by_province(application=application, by=erin, reason="Bổ sung phiếu kiểm nghiệm định kỳ.")
    domain.submit_application(application=application, by=alice)
    domain.review_by_commune(application=application, by=carol, **forward_review())
    domain.receive_application(application=application, by=erin)
    application.refresh_from_db()
    assert application.evaluation_deadline == today() + datetime.timedelta(days=45)


@pytest.mark.parametrize("persona", ["frank", "carol", "council", "alice"])
def test_only_the_provinces_ocop_officers_receive(forwarded, request, persona):
    with pytest.raises(PermissionDenied):
        domain.receive_application(application=forwarded, by=request.getfixturevalue(persona))
    forwarded.refresh_from_db()
    assert forwarded.status == S.COMMUNE_REVIEWED


def test_province_cannot_receive_before_the_commune_check(submitted, erin):
    with pytest.raises(ValidationError):
        domain.receive_application(application=submitted, by=erin)


@pytest.mark.parametrize("received", [False, True])
def test_province_returns_for_completion_with_a_reason(forwarded, erin, alice, carol, received):
    if received:
        domain.receive_application(application=forwarded, by=erin)
    with pytest.raises(ValidationError):
        domain.return_by_province(application=forwarded, by=erin, reason=" ")
    domain.return_by_province(application=forwarded, by=erin, reason="Bổ sung bản công bố chất lượng.")
    forwarded.refresh_from_db()
    assert forwarded.status == S.RETURNED
    assert forwarded.returned_reason == "Bổ sung bản công bố chất lượng."
    assert "Bổ sung bản công bố" in notified(alice)[0]
    assert "Bổ sung bản công bố" in notified(carol)[0]


def test_other_province_cannot_return(forwarded, frank):
    with pytest.raises(PermissionDenied):
        domain.return_by_province(application=forwarded, by=frank, reason="x")


def test_hand_over_also_sends_an_email_once_committed(
    carol, ready, alice, mailoutbox, django_capture_on_commit_callbacks
):
    carol.email = "carol@xa-phunghia.gov.vn"
    carol.save()
    with django_capture_on_commit_callbacks(execute=True):
        domain.submit_application(application=ready, by=alice)
    assert [message.to for message in mailoutbox] == [["carol@xa-phunghia.gov.vn"]]
    assert ready.get_absolute_url() in mailoutbox[0].body
