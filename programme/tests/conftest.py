import datetime

import pytest

from areas.models import Area
from programme.domain import save_event
from programme.models import Consultant, Event, EventKind


@pytest.fixture
def chuong_my(db) -> Area:
    """Huyện Chương Mỹ, a district of Hà Nội before 1 July 2025; Xã Phú Nghĩa (code 10033) was in it."""
    return Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, code="277")


@pytest.fixture
def old_phu_nghia(db) -> Area:
    return Area.objects.get(era=Area.Era.LEGACY, level=Area.Level.COMMUNE, code="10033")


def make_event(*, by, area, kind=EventKind.TRAINING, day=datetime.date(2026, 3, 10), topic="Tập huấn OCOP") -> Event:
    return save_event(
        event=Event(
            kind=kind, topic=topic, starts_on=day, ends_on=day, place="Hội trường UBND", area=area, organiser="Sở NN"
        ),
        by=by,
    )


@pytest.fixture
def event_x(root, commune_x) -> Event:
    return make_event(by=root, area=commune_x)


@pytest.fixture
def consultant_hanoi(root, hanoi) -> Consultant:
    from programme.domain import save_consultant

    return save_consultant(
        consultant=Consultant(kind=Consultant.Kind.FIRM, name="Công ty Tư vấn Thăng Long", province=hanoi), by=root
    )
