import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from dossiers.models import Application, ApplicationStatus
from evaluation import domain
from evaluation.models import Evaluation, Round, SiteVisit
from notifications.models import Notification

from .conftest import received_application


def test_assign_opens_a_session_on_the_dossiers_sheet(evaluation_a, application_a, members):
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.IN_ROUND
    assert evaluation_a.level == "province"
    assert (evaluation_a.legal_version_id, evaluation_a.criteria_set_id) == (
        application_a.legal_version_id,
        application_a.criteria_set_id,
    )
    assert evaluation_a.status == Evaluation.Status.OPEN
    # Every scoring member is told; the advisory team is not asked to score.
    notified = set(Notification.objects.filter(url=evaluation_a.get_absolute_url()).values_list("recipient", flat=True))
    assert notified == {m.pk for m in members}
    assert AuditEntry.objects.filter(object_id=str(application_a.pk), action="transition").exists()


def test_assign_refuses_a_dossier_of_another_province(seated_round, erin, product_b, ninh_binh):
    application = received_application(product_b)
    Application.objects.filter(pk=application.pk).update(province=ninh_binh)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        domain.assign_to_round(round_=seated_round, application=application, by=erin)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.COMMUNE_REVIEWED, ApplicationStatus.IN_ROUND])
def test_assign_refuses_a_dossier_not_received(seated_round, erin, product_a, status):
    application = received_application(product_a, status=status)
    with pytest.raises(ValidationError):
        domain.assign_to_round(round_=seated_round, application=application, by=erin)


def test_assign_twice_is_refused(evaluation_a, application_a, erin):
    with pytest.raises(ValidationError):
        domain.assign_to_round(round_=evaluation_a.round, application=application_a, by=erin)
    assert Evaluation.objects.count() == 1


def test_assign_refused_when_the_round_stopped_taking_dossiers(seated_round, application_a, erin):
    domain.set_round_status(round_=seated_round, status=Round.Status.SCORING, by=erin)
    with pytest.raises(ValidationError):
        domain.assign_to_round(round_=seated_round, application=application_a, by=erin)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RECEIVED


@pytest.mark.parametrize("persona", ["frank", "council", "minh"])
def test_assign_refused_to_others(request, seated_round, application_a, persona):
    with pytest.raises(PermissionDenied):
        domain.assign_to_round(round_=seated_round, application=application_a, by=request.getfixturevalue(persona))


def test_central_round_takes_only_proposed_dossiers(central_round, minh, product_a):
    received = received_application(product_a)
    with pytest.raises(ValidationError):
        domain.assign_to_round(round_=central_round, application=received, by=minh)
    received.delete()
    proposed = received_application(product_a, status=ApplicationStatus.PROPOSED_5)
    evaluation = domain.assign_to_round(round_=central_round, application=proposed, by=minh)
    proposed.refresh_from_db()
    assert (evaluation.level, proposed.status) == ("central", ApplicationStatus.PROPOSED_5)
    assert list(domain.assignable_applications(central_round)) == []


def test_remove_from_round_before_scoring(evaluation_a, application_a, erin):
    domain.remove_from_round(evaluation=evaluation_a, by=erin)
    application_a.refresh_from_db()
    assert application_a.status == ApplicationStatus.RECEIVED
    assert not Evaluation.objects.exists()


def test_remove_from_round_refused_once_a_sheet_exists(evaluation_a, members, erin):
    domain.save_sheet(evaluation=evaluation_a, member=members[1], choices={"1.1": 1})
    with pytest.raises(ValidationError):
        domain.remove_from_round(evaluation=evaluation_a, by=erin)


def test_site_visit_by_advisor_is_recorded_and_documents_request_told_to_producer(evaluation_a, advisor, alice, carol):
    visit = domain.record_site_visit(
        evaluation=evaluation_a,
        kind=SiteVisit.Kind.DOCUMENTS,
        date=timezone.localdate(),
        findings="Bổ sung hợp đồng liên kết vùng nguyên liệu",
        by=advisor,
    )
    assert visit.recorded_by == advisor
    assert set(
        Notification.objects.filter(message__contains="hợp đồng liên kết").values_list("recipient", flat=True)
    ) == {
        alice.pk,
        carol.pk,
    }


def test_site_visit_refuses_future_dates_and_empty_findings(evaluation_a, erin):
    with pytest.raises(ValidationError) as error:
        domain.record_site_visit(
            evaluation=evaluation_a,
            kind=SiteVisit.Kind.VISIT,
            date=timezone.localdate() + datetime.timedelta(days=1),
            findings=" ",
            by=erin,
        )
    assert set(error.value.error_dict) == {"date", "findings"}


@pytest.mark.parametrize("persona", ["tv1", "frank", "inspector"])
def test_site_visit_refused_to_members_and_outsiders(request, evaluation_a, members, persona):
    user = next((m for m in members if m.username == persona), None) or request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        domain.record_site_visit(
            evaluation=evaluation_a, kind=SiteVisit.Kind.VISIT, date=timezone.localdate(), findings="x", by=user
        )
