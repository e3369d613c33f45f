"""The demo's programme records, written through `programme.domain` like an officer's: Hà Nội's plan for the year
and its split over two communes, a training course in Phú Nghĩa with its attendees, a provincial conference,
funding for two producers and a consulting firm advising the producers of a pre-2025 district."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.models import Area
from producers.models import Producer
from programme import domain
from programme.models import Attendee, Consultant, Event, EventKind, FundingSource, Indicator, Plan

from .data import PLACES

# Hà Nội's targets for the year (a province's plan, QĐ 919/QĐ-TTg's indicators).
TARGETS = {
    Indicator.DOSSIERS: 40,
    Indicator.EVALUATED: 36,
    Indicator.STARS_3_PLUS: 30,
    Indicator.STARS_4: 10,
    Indicator.NEW_PRODUCERS: 12,
    Indicator.TRAININGS: 4,
    Indicator.EVENTS: 3,
}
SHARES = {"phunghia": 12, "battrang": 10}  # of the dossiers to receive
CHUONG_MY_DISTRICT = "277"


@dataclass
class ProgrammeSummary:
    plans: int = 0
    events: int = 0
    attendees: int = 0
    fundings: int = 0
    assignments: int = 0


def programme_loaded() -> bool:
    return Plan.objects.filter(area__era=Area.Era.CURRENT, area__code="01", area__level=Area.Level.PROVINCE).exists()


def _commune(key: str) -> Area:
    return Area.objects.current().get(level=Area.Level.COMMUNE, code=PLACES[key].code)


def build_programme() -> ProgrammeSummary:
    """Write the demo's programme, all or nothing. Needs the demo's accounts and producers (`build_demo`)."""
    hanoi = Area.objects.current().get(level=Area.Level.PROVINCE, code="01")
    province_officer = User.objects.get(username="tinh.hanoi")
    commune_officer = User.objects.get(username="xa.phunghia")
    year = timezone.localdate().year
    summary = ProgrammeSummary()
    with transaction.atomic():
        for indicator, target in TARGETS.items():
            domain.set_plan(area=hanoi, year=year, indicator=indicator, target=target, by=province_officer)
            summary.plans += 1
        domain.set_shares(
            province=hanoi,
            year=year,
            indicator=Indicator.DOSSIERS,
            shares={_commune(key): share for key, share in SHARES.items()},
            by=province_officer,
        )
        summary.plans += len(SHARES)

        phu_nghia = _commune("phunghia")
        local = list(Producer.objects.filter(current_commune=phu_nghia, status=Producer.Status.VERIFIED)[:3])
        course = domain.save_event(
            event=Event(
                kind=EventKind.TRAINING,
                topic="Tập huấn xây dựng hồ sơ sản phẩm OCOP theo Quyết định 26/2026/QĐ-TTg",
                starts_on=datetime.date(year, 3, 12),
                ends_on=datetime.date(year, 3, 13),
                place="Hội trường UBND xã Phú Nghĩa",
                area=phu_nghia,
                organiser="UBND xã Phú Nghĩa",
                trainers="Chi cục Phát triển nông thôn Hà Nội",
            ),
            by=commune_officer,
        )
        conference = domain.save_event(
            event=Event(
                kind=EventKind.CONFERENCE,
                topic="Hội nghị sơ kết Chương trình OCOP thành phố Hà Nội 6 tháng đầu năm",
                starts_on=datetime.date(year, 7, 8),
                ends_on=datetime.date(year, 7, 8),
                place="Trung tâm Hội nghị thành phố",
                area=hanoi,
                organiser="Sở Nông nghiệp và Môi trường Hà Nội",
            ),
            by=province_officer,
        )
        summary.events = 2
        domain.add_attendee(
            event=course, by=commune_officer, kind=Attendee.Kind.OFFICIAL, level=Attendee.Level.COMMUNE,
            name="Lê Văn Tùng", organisation="UBND xã Phú Nghĩa", position="Công chức nông nghiệp",
        )  # fmt: skip
        domain.add_attendee(
            event=conference, by=province_officer, kind=Attendee.Kind.OFFICIAL, level=Attendee.Level.PROVINCE,
            name="Nguyễn Thu Hà", organisation="Sở Nông nghiệp và Môi trường Hà Nội", position="Chuyên viên",
        )  # fmt: skip
        summary.attendees = 2
        for producer in local:
            domain.add_attendee(
                event=course, by=commune_officer, kind=Attendee.Kind.PRODUCER, producer=producer,
                name=producer.representative_name, organisation=producer.name,
            )  # fmt: skip
            summary.attendees += 1
        for producer, amount in zip(local[:2], (30_000_000, 15_000_000), strict=False):
            domain.record_funding(
                producer=producer,
                amount=amount,
                source=FundingSource.PROVINCIAL,
                purpose="Hỗ trợ thiết kế bao bì, nhãn mác sản phẩm OCOP",
                granted_on=datetime.date(year, 4, 20),
                by=province_officer,
            )
            summary.fundings += 1
        firm = domain.save_consultant(
            consultant=Consultant(
                kind=Consultant.Kind.FIRM,
                name="Công ty TNHH Tư vấn Phát triển Nông thôn Thăng Long",
                expertise="Xây dựng hồ sơ OCOP, câu chuyện sản phẩm, tiêu chuẩn cơ sở",
                province=hanoi,
            ),
            by=province_officer,
        )
        district = Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, code=CHUONG_MY_DISTRICT)
        domain.assign_consultant(
            consultant=firm,
            area=district,
            starts_on=datetime.date(year, 1, 15),
            note="Tư vấn các chủ thể của huyện Chương Mỹ cũ hoàn thiện hồ sơ",
            by=province_officer,
        )
        summary.assignments = 1
    return summary
