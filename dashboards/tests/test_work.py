"""The work lists of the home page: each role sees exactly its items, with deadlines and overdue marks."""

import datetime

import pytest
from django.utils import timezone

from certificates.tests.conftest import make_application, make_certificate
from dashboards import work
from dossiers.models import ApplicationKind, ApplicationStatus
from evaluation.models import CouncilMembership, Evaluation, Level, MemberSheet, Round
from producers.models import Producer

TODAY = datetime.date(2026, 6, 1)


def labels(items):
    return [i.label for i in items]


def make_round(province, *, name="Đợt 1 năm 2026", evaluate_by=datetime.date(2026, 6, 30), status=Round.Status.OPEN):
    from criteria.models import LegalVersion

    return Round.objects.create(
        level=Level.PROVINCE,
        province=province,
        name=name,
        proposal_cutoff=datetime.date(2026, 4, 30),
        evaluate_by=evaluate_by,
        status=status,
        legal_version=LegalVersion.objects.get(code="QD26_2026"),
    )


def open_session(application, round_):
    return Evaluation.objects.create(
        application=application,
        round=round_,
        level=Level.PROVINCE,
        legal_version=application.legal_version,
        criteria_set=application.criteria_set,
    )


@pytest.fixture
def submitted_pair(product_a, product_b):
    """One dossier waiting for each commune: X's overdue (deadline passed), Y's still in time."""
    late = make_application(product_a, status=ApplicationStatus.SUBMITTED, commune_deadline=datetime.date(2026, 5, 20))
    in_time = make_application(
        product_b, status=ApplicationStatus.SUBMITTED, commune_deadline=datetime.date(2026, 6, 15)
    )
    return late, in_time


def test_dossiers_to_check_are_the_communes_own_with_deadline_and_overdue(carol, dave, submitted_pair):
    late, in_time = submitted_pair
    [item] = work.dossiers_to_check(carol, today=TODAY)
    assert (item.label, item.deadline, item.overdue) == (str(late), datetime.date(2026, 5, 20), True)
    [item] = work.dossiers_to_check(dave, today=TODAY)
    assert (item.label, item.deadline, item.overdue) == (str(in_time), datetime.date(2026, 6, 15), False)


def test_dossiers_to_check_skip_other_steps(carol, product_a):
    make_application(product_a, status=ApplicationStatus.COMMUNE_REVIEWED)
    assert work.dossiers_to_check(carol, today=TODAY) == []


def test_overdue_work_comes_first(erin, hanoi, frank):
    make_round(hanoi, name="Đợt sau", evaluate_by=datetime.date(2026, 12, 30))
    make_round(hanoi, name="Đợt trễ", evaluate_by=datetime.date(2026, 5, 30))
    make_round(hanoi, name="Đợt đã đóng", evaluate_by=datetime.date(2026, 5, 1), status=Round.Status.CLOSED)
    items = work.open_rounds(erin, today=TODAY)
    assert [(i.label, i.overdue) for i in items] == [("Đợt trễ", True), ("Đợt sau", False)]
    assert work.open_rounds(frank, today=TODAY) == []


def test_producers_to_verify_are_the_communes_pending_ones(carol, dave, producer_a, producer_b):
    Producer.objects.filter(pk=producer_a.pk).update(status=Producer.Status.PENDING)
    assert labels(work.producers_to_verify(carol, today=TODAY)) == [producer_a.name]
    assert work.producers_to_verify(dave, today=TODAY) == []


def test_dossiers_to_receive_are_the_provinces_forwarded_ones(erin, frank, product_a, product_b):
    forwarded = make_application(product_a, status=ApplicationStatus.COMMUNE_REVIEWED)
    make_application(product_b, status=ApplicationStatus.SUBMITTED)
    assert labels(work.dossiers_to_receive(erin, today=TODAY)) == [str(forwarded)]
    assert work.dossiers_to_receive(frank, today=TODAY) == []


def test_results_to_decide_are_closed_scored_sessions_of_the_province(erin, frank, hanoi, product_a, product_b):
    scored = make_application(
        product_a,
        kind=ApplicationKind.REEVALUATION,
        status=ApplicationStatus.SCORED,
        evaluation_deadline=datetime.date(2026, 5, 31),
    )
    in_round = make_application(product_b, status=ApplicationStatus.IN_ROUND)
    round_ = make_round(hanoi)
    open_session(scored, round_)
    Evaluation.objects.filter(application=scored).update(status=Evaluation.Status.CLOSED, closed_at=timezone.now())
    open_session(in_round, round_)
    [item] = work.results_to_decide(erin, today=TODAY)
    assert (item.label, item.deadline, item.overdue) == (str(scored), datetime.date(2026, 5, 31), True)
    assert work.results_to_decide(frank, today=TODAY) == []


def test_certificates_to_renew_are_those_in_their_last_180_days_without_a_filed_dossier(
    erin, frank, alice, bob, product_a, product_b
):
    due = make_certificate(product_a, issued_on=datetime.date(2023, 9, 1))  # expires 01/09/2026
    make_certificate(product_b, issued_on=datetime.date(2025, 1, 1))  # expires 2028: not due
    [item] = work.certificates_to_renew(erin, today=TODAY)
    # The last filing day is 120 days before expiry: 04/05/2026, already passed on 01/06/2026.
    assert (item.url, item.deadline, item.overdue) == (due.get_absolute_url(), datetime.date(2026, 5, 4), True)
    assert labels(work.certificates_to_renew(alice, today=TODAY)) == [item.label]
    assert work.certificates_to_renew(bob, today=TODAY) == []
    assert work.certificates_to_renew(frank, today=TODAY) == []
    make_application(
        product_a,
        kind=ApplicationKind.REEVALUATION,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        previous_certificate=due,
    )
    assert work.certificates_to_renew(erin, today=TODAY) == []


def test_sheets_to_score_are_open_sessions_of_the_members_rounds_not_yet_submitted(
    council, hanoi, product_a, product_b, make_council_member
):
    round_ = make_round(hanoi)
    other_round = make_round(hanoi, name="Đợt khác")
    CouncilMembership.objects.create(round=round_, user=council, role=CouncilMembership.Role.MEMBER)
    first = open_session(make_application(product_a, status=ApplicationStatus.IN_ROUND), round_)
    done = open_session(make_application(product_b, status=ApplicationStatus.IN_ROUND), round_)
    MemberSheet.objects.create(evaluation=done, member=council, submitted_at=timezone.now())
    stranger = make_council_member("stranger")
    CouncilMembership.objects.create(round=other_round, user=stranger, role=CouncilMembership.Role.MEMBER)
    [item] = work.sheets_to_score(council, today=TODAY)
    assert (item.label, item.url, item.deadline, item.overdue) == (
        str(first.application),
        first.get_absolute_url(),
        datetime.date(2026, 6, 30),
        False,
    )
    assert work.sheets_to_score(stranger, today=TODAY) == []


def test_advisors_have_no_sheets_to_score(advisor, hanoi, product_a):
    round_ = make_round(hanoi)
    CouncilMembership.objects.create(round=round_, user=advisor, role=CouncilMembership.Role.ADVISOR)
    open_session(make_application(product_a, status=ApplicationStatus.IN_ROUND), round_)
    assert work.sheets_to_score(advisor, today=TODAY) == []


def test_producer_sees_what_each_open_dossier_waits_for(alice, bob, product_a):
    dossier = make_application(
        product_a, status=ApplicationStatus.SUBMITTED, commune_deadline=datetime.date(2026, 6, 15)
    )
    [item] = work.my_dossiers(alice, today=TODAY)
    assert (item.label, item.deadline, item.overdue) == (str(dossier), datetime.date(2026, 6, 15), False)
    assert "UBND xã kiểm tra" in item.note
    assert work.my_dossiers(bob, today=TODAY) == []


def test_open_rounds_are_those_the_user_runs(erin, frank, minh, hanoi):
    provincial = make_round(hanoi)
    make_round(hanoi, name="Đợt đã xong", status=Round.Status.CLOSED)
    assert labels(work.open_rounds(erin, today=TODAY)) == [provincial.name]
    assert work.open_rounds(frank, today=TODAY) == []
    assert work.open_rounds(minh, today=TODAY) == []
    central = make_round(None, name="Hội đồng trung ương 2026")
    Round.objects.filter(pk=central.pk).update(level=Level.CENTRAL)
    assert labels(work.open_rounds(minh, today=TODAY)) == [central.name]
    assert labels(work.open_rounds(erin, today=TODAY)) == [provincial.name]


def test_dossiers_for_central_are_those_proposed_for_five_stars(minh, erin, product_a, product_b):
    proposed = make_application(product_a, status=ApplicationStatus.PROPOSED_5)
    make_application(product_b, status=ApplicationStatus.SCORED)
    [item] = work.dossiers_for_central(minh, today=TODAY)
    assert (item.label, item.url) == (str(proposed), proposed.get_absolute_url())


def test_ministry_renews_only_five_star_certificates(minh, erin, product_a, product_b):
    five = make_certificate(product_a, issued_on=datetime.date(2023, 9, 1), stars=5)
    make_certificate(product_b, issued_on=datetime.date(2023, 9, 1), stars=4)
    [item] = work.five_star_certificates_to_renew(minh, today=TODAY)
    assert item.url == five.get_absolute_url()
    assert len(work.certificates_to_renew(erin, today=TODAY)) == 2


def test_site_visits_to_record_are_open_sessions_the_advisor_sits_on_without_a_visit(
    advisor, council, hanoi, product_a, product_b
):
    from evaluation.models import SiteVisit

    round_ = make_round(hanoi)
    CouncilMembership.objects.create(round=round_, user=advisor, role=CouncilMembership.Role.ADVISOR)
    CouncilMembership.objects.create(round=round_, user=council, role=CouncilMembership.Role.MEMBER)
    waiting = open_session(make_application(product_a, status=ApplicationStatus.IN_ROUND), round_)
    visited = open_session(make_application(product_b, status=ApplicationStatus.IN_ROUND), round_)
    SiteVisit.objects.create(evaluation=visited, kind=SiteVisit.Kind.VISIT, date=TODAY, recorded_by=advisor)
    [item] = work.site_visits_to_record(advisor, today=TODAY)
    assert (item.label, item.url, item.deadline) == (
        str(waiting.application),
        waiting.get_absolute_url(),
        datetime.date(2026, 6, 30),
    )
    assert work.site_visits_to_record(council, today=TODAY) == []


def test_jobs_to_watch_are_failed_and_stalled_jobs_not_running_or_finished_ones(root, erin, product_a, alice, settings):
    from history.models import ImportJob
    from stamps.models import StampBatch
    from stamps.tests.factories import issued_batch
    from stamps.tests.factories import make_certificate as certify

    certify(product_a)
    failed = issued_batch(product_a, alice, quantity=2)
    stalled = issued_batch(product_a, alice, quantity=2)
    running = issued_batch(product_a, alice, quantity=2)
    issued_batch(product_a, alice, quantity=2)
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.STAMP_ISSUING_STALE_MINUTES + 5)
    StampBatch.objects.filter(pk=failed.pk).update(status=StampBatch.Status.FAILED)
    StampBatch.objects.filter(pk=stalled.pk).update(status=StampBatch.Status.ISSUING, heartbeat_at=long_ago)
    StampBatch.objects.filter(pk=running.pk).update(status=StampBatch.Status.ISSUING, heartbeat_at=timezone.now())
    job = ImportJob.objects.create(
        province=erin.area,
        uploaded_by=erin,
        filename="lich-su.xlsx",
        size=10,
        sha256="0" * 64,
        status=ImportJob.Status.FAILED,
    )
    urls = sorted(i.url for i in work.jobs_to_watch(root, today=TODAY))
    assert urls == sorted([failed.get_absolute_url(), stalled.get_absolute_url(), job.get_absolute_url()])


@pytest.mark.parametrize(
    ("persona", "keys"),
    [
        ("carol", ["dossiers_to_check", "producers_to_verify"]),
        (
            "erin",
            ["dossiers_to_receive", "open_rounds", "results_to_decide", "certificates_to_renew", "buyers_to_verify"],
        ),
        ("council", ["sheets_to_score"]),
        ("alice", ["my_dossiers", "certificates_to_renew", "demands_to_answer"]),
        ("advisor", ["site_visits_to_record"]),
        ("minh", ["dossiers_for_central", "open_rounds", "results_to_decide", "five_star_certificates_to_renew"]),
        ("root", ["jobs_to_watch"]),
        ("inspector", ["open_inspections", "remediations_due"]),
    ],
)
def test_each_role_gets_its_panels(request, persona, keys):
    user = request.getfixturevalue(persona)
    assert [p.key for p in work.panels_for(user, today=TODAY)] == keys


@pytest.fixture
def make_council_member(hanoi):
    from accounts.models import Role
    from conftest import make_user

    return lambda name: make_user(name, Role.COUNCIL_MEMBER, hanoi)


def test_a_panel_shows_the_first_items_and_links_to_the_rest(client, carol, commune_x):
    from reports.tests.factories import producers

    waiting = producers(work.PANEL_LIMIT + 2, area=commune_x)
    Producer.objects.filter(pk__in=[p.pk for p in waiting]).update(status=Producer.Status.PENDING)
    [panel] = [p for p in work.panels_for(carol, today=TODAY) if p.key == "producers_to_verify"]
    assert (len(panel.items), panel.total, panel.more) == (work.PANEL_LIMIT, work.PANEL_LIMIT + 2, 2)
    assert panel.more_url == "/chu-the/?status=pending"
    client.force_login(carol)
    page = client.get("/").content.decode()
    section = page[page.index('id="work-producers_to_verify"') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") + section.count('<tr class="overdue">') == work.PANEL_LIMIT + 1
    assert "Còn 2 việc nữa." in section and 'href="/chu-the/?status=pending"' in section


def test_certificates_to_renew_read_in_part_keep_the_order_and_count_them_all(erin, product_a, product_b):
    sooner = make_certificate(product_a, issued_on=datetime.date(2023, 8, 1))  # expires 01/08/2026
    later = make_certificate(product_b, issued_on=datetime.date(2023, 9, 1))  # expires 01/09/2026
    whole = work.certificates_to_renew(erin, today=TODAY)
    first = work.certificates_to_renew(erin, today=TODAY, limit=1)
    assert [i.url for i in whole] == [sooner.get_absolute_url(), later.get_absolute_url()]
    assert ([i.url for i in first], first.total) == ([sooner.get_absolute_url()], 2)
    [panel] = [p for p in work.panels_for(erin, today=TODAY) if p.key == "certificates_to_renew"]
    assert (panel.total, panel.more) == (2, 0)
