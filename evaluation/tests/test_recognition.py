import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.domain import history
from certificates.models import Certificate, CertificateStatus, Recognition
from certificates.tests.conftest import closed_evaluation, days_ago, make_application, make_certificate
from dossiers.models import ApplicationKind, ApplicationStatus
from evaluation.domain import recognise
from evaluation.models import Evaluation, Level
from notifications.models import Notification

PROVINCE = Recognition.Authority.PROVINCE
MINISTRY = Recognition.Authority.MINISTRY


def _recognise(application, evaluation, by, **overrides):
    values = {
        "authority": PROVINCE,
        "decision_number": "125/QĐ-UBND",
        "decision_date": days_ago(10),
        "signer": "Nguyễn Văn Chủ Tịch",
        "stars": evaluation.stars,
    }
    values.update(overrides)
    return recognise(application=application, evaluation=evaluation, by=by, **values)


def test_recognise_issues_a_certificate_valid_36_months(recognised, product_a, producer_a, hanoi):
    certificate, evaluation = recognised
    assert re.fullmatch(r"OCOP-01-\d{4}-[0-9A-HJKMNP-TV-Z]{6}", certificate.number)
    assert certificate.number.split("-")[2] == str(days_ago(10).year)
    assert certificate.product == product_a
    assert certificate.stars == 4
    assert certificate.issued_on == days_ago(10)
    assert certificate.decision_date == days_ago(10)
    assert certificate.expires_on == days_ago(10).replace(year=days_ago(10).year + 3)
    assert certificate.province == hanoi
    assert certificate.area_at_issue == producer_a.area
    assert certificate.legal_version.code == "QD26_2026"
    assert certificate.imported is False
    recognition = certificate.recognition
    assert (recognition.evaluation, recognition.stars, recognition.signer) == (evaluation, 4, "Nguyễn Văn Chủ Tịch")
    assert certificate.status == CertificateStatus.ACTIVE


def test_recognise_moves_the_dossier_and_notifies_producer_and_commune(recognised, alice, carol, dave, erin):
    certificate, evaluation = recognised
    evaluation.application.refresh_from_db()
    assert evaluation.application.status == ApplicationStatus.RECOGNISED
    for user in (alice, carol):
        assert certificate.number in Notification.objects.get(recipient=user).message
    assert not Notification.objects.filter(recipient__in=[dave, erin]).exists()
    assert [e.actor for e in history(certificate)] == [erin]
    assert [e.changes["status"] for e in history(evaluation.application)] == [["scored", "recognised"]]


def test_recognition_is_told_to_the_commune_that_holds_the_dossier(product_a, producer_a, commune_y, erin, carol, dave):
    # The dossier stays with the commune that received it when the producer moves afterwards.
    application = make_application(product_a)
    producer_a.current_commune = commune_y
    producer_a.save(update_fields=["current_commune"])
    evaluation = closed_evaluation(application, stars=4)
    certificate = _recognise(application, evaluation, erin)
    assert certificate.number in Notification.objects.get(recipient=carol).message
    assert not Notification.objects.filter(recipient=dave).exists()


def test_ministry_recognises_five_stars(product_a, minh):
    application = make_application(product_a, status=ApplicationStatus.CENTRAL_SCORED)
    evaluation = closed_evaluation(application, stars=5, level=Level.CENTRAL)
    certificate = _recognise(application, evaluation, minh, authority=MINISTRY, decision_number="9/QĐ-BNNMT")
    assert certificate.stars == 5
    assert certificate.recognition.authority == MINISTRY


@pytest.mark.parametrize(
    ("authority", "stars", "field"),
    [(PROVINCE, 5, "stars"), (MINISTRY, 4, "stars"), (MINISTRY, 3, "stars"), (PROVINCE, 2, "stars")],
)
def test_recognise_refuses_stars_outside_the_authority(product_a, erin, minh, authority, stars, field):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    by = minh if authority == MINISTRY else erin
    with pytest.raises(ValidationError) as error:
        _recognise(application, evaluation, by, authority=authority, stars=stars)
    assert field in error.value.message_dict
    assert not Certificate.objects.exists()


def test_recognise_refuses_stars_other_than_the_council_result(product_a, erin):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    with pytest.raises(ValidationError) as error:
        _recognise(application, evaluation, erin, stars=3)
    assert "4 sao" in error.value.message_dict["stars"][0]


def test_recognise_refuses_an_open_evaluation_or_another_dossiers(product_a, product_b, erin):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.OPEN)
    evaluation.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _recognise(application, evaluation, erin)
    assert "chưa kết thúc" in error.value.message_dict["evaluation"][0]
    other = closed_evaluation(make_application(product_b), stars=4)
    with pytest.raises(ValidationError) as error:
        _recognise(application, other, erin)
    assert "không thuộc" in error.value.message_dict["evaluation"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision_number": "  "}, "decision_number"),
        ({"signer": ""}, "signer"),
        ({"decision_date": None}, "decision_date"),
        ({"decision_date": days_ago(-1)}, "decision_date"),
        ({"decision_date": days_ago(31)}, "decision_date"),  # before the council closed (30 days ago)
    ],
)
def test_recognise_requires_a_complete_decision(product_a, erin, overrides, field):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    with pytest.raises(ValidationError) as error:
        _recognise(application, evaluation, erin, **overrides)
    assert field in error.value.message_dict


@pytest.mark.parametrize("persona", ["frank", "carol", "alice", "council", "minh"])
def test_only_the_province_officer_records_a_provincial_recognition(request, product_a, persona):
    application = make_application(product_a)
    evaluation = closed_evaluation(application, stars=4)
    with pytest.raises(PermissionDenied):
        _recognise(application, evaluation, request.getfixturevalue(persona))


def test_recognise_writes_nothing_when_the_dossier_cannot_move(product_a, erin):
    application = make_application(product_a, status=ApplicationStatus.IN_ROUND)
    evaluation = closed_evaluation(application, stars=4)
    with pytest.raises(ValidationError):
        _recognise(application, evaluation, erin)
    assert not Certificate.objects.exists()
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("kind", [ApplicationKind.UPGRADE, ApplicationKind.REEVALUATION])
def test_upgrade_or_reevaluation_supersedes_the_previous_certificate(product_a, erin, kind):
    previous = make_certificate(product_a, issued_on=days_ago(900), stars=3)
    application = make_application(product_a, kind=kind, previous_certificate=previous)
    certificate = _recognise(application, closed_evaluation(application, stars=4), erin)
    previous.refresh_from_db()
    assert previous.superseded_by == certificate
    assert previous.status == CertificateStatus.SUPERSEDED
    assert history(previous)[0].changes == {"superseded_by": [None, str(certificate)]}


def test_first_recognition_leaves_other_certificates_alone(product_a, erin):
    old = make_certificate(product_a, issued_on=datetime.date(2020, 1, 10), stars=3)
    application = make_application(product_a)
    _recognise(application, closed_evaluation(application, stars=4), erin)
    old.refresh_from_db()
    assert old.superseded_by is None
    assert old.status == CertificateStatus.EXPIRED
