import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from areas.models import Area
from audit.domain import history
from audit.models import AuditEntry
from programme import domain, events, plans
from programme.models import Assignment, Attendee, Consultant, Event, EventKind, FundingSource, Indicator, Plan

from .conftest import make_event

D = datetime.date


def test_set_plan_creates_then_changes_one_row_and_audits_both(erin, hanoi):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=300, by=erin)
    plan = domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=316, note="Điều chỉnh", by=erin)
    assert list(Plan.objects.values_list("area", "year", "indicator", "target")) == [(hanoi.pk, 2026, "dossiers", 316)]
    assert (plan.province, plan.commune) == (hanoi, None)
    entries = list(history(plan).order_by("id"))
    assert [e.action for e in entries] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    assert entries[1].changes["target"] == [300, 316]


def test_set_plan_for_a_commune_places_it_in_commune_and_province(erin, hanoi, commune_x):
    plan = domain.set_plan(area=commune_x, year=2026, indicator=Indicator.STARS_4, target=7, by=erin)
    assert (plan.commune, plan.province) == (commune_x, hanoi)


def test_set_plan_for_a_legacy_district_rolls_up_to_todays_province(erin, hanoi, chuong_my):
    plan = domain.set_plan(area=chuong_my, year=2019, indicator=Indicator.STARS_3_PLUS, target=40, by=erin)
    assert (plan.commune, plan.province) == (None, hanoi)


def test_set_plan_refuses_a_legacy_commune(erin, old_phu_nghia):
    with pytest.raises(ValidationError):
        domain.set_plan(area=old_phu_nghia, year=2019, indicator=Indicator.DOSSIERS, target=3, by=erin)
    assert Plan.objects.count() == 0


def test_set_plan_refuses_commune_officers_and_other_provinces(carol, frank, hanoi, commune_x):
    for user, area in ((carol, commune_x), (frank, hanoi), (frank, commune_x)):
        with pytest.raises(PermissionDenied):
            domain.set_plan(area=area, year=2026, indicator=Indicator.DOSSIERS, target=3, by=user)
    assert Plan.objects.count() == 0


def test_set_plan_refuses_a_negative_target(erin, hanoi):
    with pytest.raises(ValidationError):
        domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=-1, by=erin)
    assert Plan.objects.count() == 0


def test_targets_reads_one_area_and_several(erin, hanoi, commune_x, commune_y):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=316, by=erin)
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.STARS_5, target=6, by=erin)
    domain.set_plan(area=hanoi, year=2025, indicator=Indicator.DOSSIERS, target=250, by=erin)
    domain.set_plan(area=commune_x, year=2026, indicator=Indicator.DOSSIERS, target=10, by=erin)
    assert plans.targets(hanoi, 2026) == {"dossiers": 316, "stars_5": 6}
    assert plans.targets_by_area([hanoi, commune_x, commune_y], 2026) == {
        hanoi.pk: {"dossiers": 316, "stars_5": 6},
        commune_x.pk: {"dossiers": 10},
        commune_y.pk: {},
    }
    assert plans.total_targets([hanoi, commune_x], 2026) == {"dossiers": 326, "stars_5": 6}


def test_set_shares_writes_the_communes_and_warns_by_difference(erin, hanoi, commune_x, commune_y):
    domain.set_plan(area=hanoi, year=2026, indicator=Indicator.DOSSIERS, target=20, by=erin)
    split = domain.set_shares(
        province=hanoi, year=2026, indicator=Indicator.DOSSIERS, shares={commune_x: 12, commune_y: 5}, by=erin
    )
    assert (split.target, split.shares, split.total, split.difference) == (
        20,
        {commune_x.pk: 12, commune_y.pk: 5},
        17,
        -3,
    )
    split = domain.set_shares(
        province=hanoi, year=2026, indicator=Indicator.DOSSIERS, shares={commune_x: 15, commune_y: None}, by=erin
    )
    assert (split.shares, split.difference) == ({commune_x.pk: 15}, -5)
    deleted = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_repr__startswith="Phường Chương Mỹ")
    assert deleted.count() == 1


def test_set_shares_refuses_a_commune_of_another_province_and_writes_nothing(erin, hanoi, commune_x, commune_nb):
    with pytest.raises(ValidationError):
        domain.set_shares(
            province=hanoi, year=2026, indicator=Indicator.DOSSIERS, shares={commune_x: 3, commune_nb: 2}, by=erin
        )
    assert Plan.objects.count() == 0


def test_set_shares_refuses_another_provinces_officer(frank, hanoi, commune_x):
    with pytest.raises(PermissionDenied):
        domain.set_shares(province=hanoi, year=2026, indicator=Indicator.DOSSIERS, shares={commune_x: 3}, by=frank)


def test_record_funding_places_it_at_the_producer_and_audits(carol, producer_a, commune_x, hanoi):
    funding = domain.record_funding(
        producer=producer_a,
        amount=25_000_000,
        source=FundingSource.COMMUNE,
        purpose="Thiết kế nhãn",
        granted_on=D(2026, 2, 1),
        by=carol,
    )
    assert (funding.commune, funding.province, funding.amount) == (commune_x, hanoi, 25_000_000)
    assert history(funding).get().action == AuditEntry.Action.CREATE


def test_record_funding_refuses_an_officer_of_another_commune(dave, producer_a):
    with pytest.raises(PermissionDenied):
        domain.record_funding(
            producer=producer_a, amount=1, source=FundingSource.OTHER, purpose="x", granted_on=D(2026, 1, 1), by=dave
        )


def test_record_funding_refuses_a_dossier_of_another_producer(erin, producer_a, product_b):
    from dossiers.models import Application

    dossier = Application.objects.create(
        product=product_b,
        legal_version=product_b.criteria_set.legal_version,
        criteria_set=product_b.criteria_set,
        commune=product_b.producer.current_commune,
        province=product_b.producer.current_province,
    )
    with pytest.raises(ValidationError):
        domain.record_funding(
            producer=producer_a,
            application=dossier,
            amount=5,
            source=FundingSource.PROVINCIAL,
            purpose="Hồ sơ",
            granted_on=D(2026, 1, 1),
            by=erin,
        )


def test_update_funding_audits_the_change(erin, producer_a):
    funding = domain.record_funding(
        producer=producer_a, amount=100, source=FundingSource.CENTRAL, purpose="a", granted_on=D(2026, 1, 1), by=erin
    )
    domain.update_funding(funding=funding, amount=150, by=erin)
    assert history(funding).order_by("-id").first().changes["amount"] == [100, 150]


def test_assign_a_firm_to_a_legacy_district_advises_its_producers(erin, consultant_hanoi, chuong_my, producer_a):
    producer_a.area = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")
    producer_a.save()
    assignment = domain.assign_consultant(consultant=consultant_hanoi, area=chuong_my, starts_on=D(2026, 1, 1), by=erin)
    assert (assignment.commune, assignment.province) == (None, consultant_hanoi.province)
    assert list(domain.advisers_of(producer_a, on=D(2026, 6, 1))) == [assignment]
    assert list(domain.advisers_of(producer_a, on=D(2025, 6, 1))) == []


def test_assign_consultant_needs_exactly_one_target(erin, consultant_hanoi, producer_a, hanoi):
    for target in ({}, {"producer": producer_a, "area": hanoi}):
        with pytest.raises(ValidationError):
            domain.assign_consultant(consultant=consultant_hanoi, starts_on=D(2026, 1, 1), by=erin, **target)
    assert Assignment.objects.count() == 0


def test_assign_consultant_stays_in_its_province(root, consultant_hanoi, commune_nb):
    with pytest.raises(ValidationError):
        domain.assign_consultant(consultant=consultant_hanoi, area=commune_nb, starts_on=D(2026, 1, 1), by=root)


def test_save_consultant_takes_the_province_officers_province(erin, hanoi):
    consultant = domain.save_consultant(
        consultant=Consultant(kind=Consultant.Kind.PERSON, name="Nguyễn Văn An"), by=erin
    )
    assert consultant.province == hanoi


def test_save_event_places_it_and_refuses_officers_outside(carol, dave, commune_x, hanoi):
    event = make_event(by=carol, area=commune_x)
    assert (event.commune, event.province) == (commune_x, hanoi)
    event.topic = "Đổi"
    with pytest.raises(PermissionDenied):
        domain.save_event(event=event, by=dave)


def test_save_event_refuses_an_end_before_the_start(carol, commune_x):
    event = Event(
        kind=EventKind.CONFERENCE,
        topic="Hội nghị",
        starts_on=D(2026, 3, 10),
        ends_on=D(2026, 3, 9),
        place="Hội trường",
        area=commune_x,
        organiser="UBND xã",
    )
    with pytest.raises(ValidationError):
        domain.save_event(event=event, by=carol)
    assert Event.objects.count() == 0


def test_add_attendee_refuses_the_same_person_twice(carol, event_x, producer_a):
    domain.add_attendee(event=event_x, by=carol, kind=Attendee.Kind.PRODUCER, producer=producer_a, name="Lê Thị Hoa")
    with pytest.raises(ValidationError):
        domain.add_attendee(
            event=event_x, by=carol, kind=Attendee.Kind.PRODUCER, producer=producer_a, name="le thi hoa"
        )
    assert event_x.attendees.count() == 1


def test_add_attendee_needs_an_officials_level(carol, event_x):
    with pytest.raises(ValidationError):
        domain.add_attendee(event=event_x, by=carol, kind=Attendee.Kind.OFFICIAL, name="Cán bộ xã")
    assert event_x.attendees.count() == 0


def test_counts_by_kind_for_province_commune_and_legacy_district(root, hanoi, commune_x, commune_y, chuong_my):
    old = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")
    make_event(by=root, area=commune_x)
    make_event(by=root, area=commune_y, kind=EventKind.CONFERENCE)
    make_event(by=root, area=hanoi, kind=EventKind.CONFERENCE)
    make_event(by=root, area=old, day=D(2023, 5, 2))
    make_event(by=root, area=hanoi, day=D(2025, 12, 31))
    assert events.counts([hanoi], 2026) == {"conference": 2, "training": 1}
    assert events.counts([commune_x], (D(2020, 1, 1), D(2026, 12, 31))) == {"training": 2}
    assert events.counts([chuong_my], (D(2019, 1, 1), D(2023, 12, 31))) == {"training": 1}
    assert events.counts([], 2026) == {}


def test_attendance_by_producer_counts_events_not_people(root, event_x, producer_a, producer_b, commune_y, hanoi):
    for name in ("Lê Thị Hoa", "Trần Văn Bình"):
        domain.add_attendee(event=event_x, by=root, kind=Attendee.Kind.PRODUCER, producer=producer_a, name=name)
    other = make_event(by=root, area=commune_y, kind=EventKind.STUDY_TOUR)
    domain.add_attendee(event=other, by=root, kind=Attendee.Kind.PRODUCER, producer=producer_a, name="Lê Thị Hoa")
    domain.add_attendee(event=other, by=root, kind=Attendee.Kind.PRODUCER, producer=producer_b, name="Phạm Minh")
    domain.add_attendee(event=other, by=root, kind=Attendee.Kind.OFFICIAL, level="commune", name="Cán bộ xã")
    assert events.attendance_by_producer([hanoi], 2026) == {producer_a.pk: 2, producer_b.pk: 1}
    assert events.attendees_by_group([hanoi], 2026) == {"commune": 1, "producer": 4}
    assert events.attendees_by_group([commune_y], 2025) == {}


def test_consultant_belongs_to_a_province_of_today(root, commune_x):
    with pytest.raises(ValidationError) as error:
        domain.save_consultant(consultant=Consultant(kind="person", name="An", province=commune_x), by=root)
    assert error.value.message_dict == {"province": ["Chọn một tỉnh, thành phố hiện nay."]}
    assert not Consultant.objects.exists()


def test_event_is_aimed_at_provinces_of_today_only(root, hanoi, commune_x):
    event = make_event(by=root, area=commune_x)
    with pytest.raises(ValidationError) as error:
        domain.save_event(event=event, by=root, target_areas=[commune_x])
    assert error.value.message_dict == {"target_areas": ["Chọn các tỉnh, thành phố hiện nay."]}
    domain.save_event(event=event, by=root, target_areas=[hanoi])
    assert list(event.target_areas.all()) == [hanoi]


def test_attendee_of_a_producer_needs_the_producer_or_its_name(carol, event_x):
    with pytest.raises(ValidationError) as error:
        domain.add_attendee(event=event_x, by=carol, kind=Attendee.Kind.PRODUCER, name="Lê Thị Hoa")
    assert error.value.message_dict == {"producer": ["Chọn chủ thể, hoặc ghi tên chủ thể khi chưa có trên nền tảng."]}
    attendee = domain.add_attendee(
        event=event_x, by=carol, kind=Attendee.Kind.PRODUCER, name="Lê Thị Hoa", organisation="Tổ hợp tác Mây tre"
    )
    assert attendee.code and attendee.level == ""
