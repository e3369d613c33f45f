"""Writing the programme's records: plans and their split over communes, funding, consultants and their
assignments, events and their attendees. Every function checks the actor's right, writes in a transaction and
audits; the attendance-sheet import is in `programme.attendance`."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import scope
from areas.domain import current_units
from areas.models import Area
from audit import domain as audit
from audit.models import AuditEntry
from core.text import fold
from producers.models import Producer

from . import rules
from .models import Assignment, Attendee, Consultant, Event, Funding, Indicator, Plan

PLAN_FIELDS = ["area", "year", "indicator", "target", "note"]
FUNDING_FIELDS = ["producer", "application", "amount", "source", "purpose", "granted_on"]
CONSULTANT_FIELDS = ["kind", "name", "organisation", "expertise", "phone", "email", "province"]
ASSIGNMENT_FIELDS = ["consultant", "producer", "area", "starts_on", "ends_on", "note"]
EVENT_FIELDS = [
    "kind",
    "topic",
    "starts_on",
    "ends_on",
    "place",
    "link",
    "area",
    "organiser",
    "trainers",
    "note",
    "capacity",
    "accepts_applications",
]
ATTENDEE_FIELDS = ["kind", "level", "producer", "name", "organisation", "position", "phone"]


def _place(record, area: Area) -> None:
    """Set `record`'s today's commune and province from `area` (of either era)."""
    record.commune, record.province = current_units(area)


def _write(record, fields: list[str], *, by, created: bool, before=None, note: str = ""):
    record.full_clean()
    record.save()
    audit.record(
        actor=by,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=record,
        before=before,
        after=audit.snapshot(record, fields),
        note=note,
    )
    return record


def _delete(record, fields: list[str], *, by) -> None:
    before = audit.snapshot(record, fields)
    audit.record(actor=by, action=AuditEntry.Action.DELETE, obj=record, before=before)
    record.delete()


# Plans ---------------------------------------------------------------------------------------------------


def check_plan_area(area: Area) -> None:
    """A plan is for a province or commune of today, or a district of before 1 July 2025."""
    allowed = (
        area.level in (Area.Level.PROVINCE, Area.Level.COMMUNE)
        if area.is_current
        else area.level == Area.Level.DISTRICT
    )
    if not allowed:
        raise ValidationError(
            _("Kế hoạch lập cho tỉnh, xã hiện nay hoặc huyện trước 01/07/2025; %(area)s không phải."),
            code="plan_area",
            params={"area": area},
        )


def set_plan(*, area: Area, year: int, indicator: str, target: int, note: str = "", by) -> Plan:
    """Set the target of `area`'s plan for `year` and `indicator`, creating the row or changing it (one per area,
    year and indicator). Audited. Raises PermissionDenied unless `by` may plan for that area, ValidationError for
    an area that takes no plan or a bad value."""
    check_plan_area(area)
    plan = Plan.objects.filter(area=area, year=year, indicator=indicator).first()
    created = plan is None
    before = None if created else audit.snapshot(plan, PLAN_FIELDS)
    if created:
        plan = Plan(area=area, year=year, indicator=indicator)
        _place(plan, area)
    if not rules.can_edit_plan(by, plan):
        raise PermissionDenied
    plan.target, plan.note = target, note
    with transaction.atomic():
        return _write(plan, PLAN_FIELDS, by=by, created=created, before=before)


def delete_plan(*, plan: Plan, by) -> None:
    if not rules.can_edit_plan(by, plan):
        raise PermissionDenied
    with transaction.atomic():
        _delete(plan, PLAN_FIELDS, by=by)


@dataclass(frozen=True)
class Split:
    """A province's target for one indicator and year, and its communes' shares."""

    target: int | None
    shares: dict[int, int]  # commune id → share

    @property
    def total(self) -> int:
        return sum(self.shares.values())

    @property
    def difference(self) -> int | None:
        """Shares minus the province's target; None when the province has no target."""
        return None if self.target is None else self.total - self.target


def split(*, province: Area, year: int, indicator: str) -> Split:
    plans = Plan.objects.filter(year=year, indicator=indicator)
    target = plans.filter(area=province).values_list("target", flat=True).first()
    shares = dict(
        plans.filter(area__parent=province, area__level=Area.Level.COMMUNE, area__era=Area.Era.CURRENT).values_list(
            "area_id", "target"
        )
    )
    return Split(target=target, shares=shares)


def set_shares(*, province: Area, year: int, indicator: str, shares: dict[Area, int | None], by) -> Split:
    """Split the province's plan over its communes: each commune's share is set (a share left empty removes
    it). The shares need not add up to the province's target: the province often allots in steps, so the page
    shows the difference as a warning (`Split.difference`) rather than refusing. All in one transaction, each
    change audited. Raises PermissionDenied unless `by` may plan for the province, ValidationError for a
    commune outside it."""
    if indicator not in Indicator.values:
        raise ValidationError(_("Chỉ tiêu không hợp lệ."), code="plan_indicator")
    probe = Plan(area=province, province=province)
    if not (province.is_current and province.level == Area.Level.PROVINCE and rules.can_edit_plan(by, probe)):
        raise PermissionDenied
    with transaction.atomic():
        for commune, share in shares.items():
            if commune.parent_id != province.pk or not commune.is_current:
                raise ValidationError(
                    _("%(commune)s không thuộc %(province)s."),
                    code="plan_share_area",
                    params={"commune": commune, "province": province},
                )
            existing = Plan.objects.filter(area=commune, year=year, indicator=indicator).first()
            if share is None:
                if existing is not None:
                    _delete(existing, PLAN_FIELDS, by=by)
            elif existing is None or existing.target != share:
                set_plan(
                    area=commune,
                    year=year,
                    indicator=indicator,
                    target=share,
                    note=existing.note if existing else "",
                    by=by,
                )
    return split(province=province, year=year, indicator=indicator)


# Support: funding and consultants ----------------------------------------------------------------------------


def _funding_check(funding: Funding) -> None:
    if funding.application_id and funding.application.product.producer_id != funding.producer_id:
        raise ValidationError(
            {"application": _("Hồ sơ này không phải của chủ thể đã chọn.")}, code="funding_application"
        )


def record_funding(
    *,
    producer: Producer,
    amount: int,
    source: str,
    purpose: str,
    granted_on: datetime.date,
    application=None,
    by,
) -> Funding:
    """Record money given to `producer` (for one of its dossiers, when `application` is given). Audited. Raises
    PermissionDenied unless `by` is an officer whose area holds the producer."""
    funding = Funding(
        producer=producer,
        application=application,
        amount=amount,
        source=source,
        purpose=purpose,
        granted_on=granted_on,
        commune=producer.current_commune,
        province=producer.current_province,
    )
    if not rules.can_edit_funding(by, funding):
        raise PermissionDenied
    _funding_check(funding)
    with transaction.atomic():
        return _write(funding, FUNDING_FIELDS, by=by, created=True)


def update_funding(*, funding: Funding, by, **changes) -> Funding:
    """Change the amount, source, purpose, date or dossier of a funding record (not its producer). Audited."""
    if not rules.can_edit_funding(by, funding):
        raise PermissionDenied
    before = audit.snapshot(funding, FUNDING_FIELDS)
    for name in ("application", "amount", "source", "purpose", "granted_on"):
        if name in changes:
            setattr(funding, name, changes[name])
    _funding_check(funding)
    with transaction.atomic():
        return _write(funding, FUNDING_FIELDS, by=by, created=False, before=before)


def delete_funding(*, funding: Funding, by) -> None:
    if not rules.can_edit_funding(by, funding):
        raise PermissionDenied
    with transaction.atomic():
        _delete(funding, FUNDING_FIELDS, by=by)


def save_consultant(*, consultant: Consultant, by) -> Consultant:
    """Create or change a consultant of `consultant.province` (set from a province officer's own area). Audited."""
    created = consultant.pk is None
    if created and consultant.province_id is None and by.area_id:
        consultant.province_id = by.area_id
    if not (rules.can_manage_consultants(by) and consultant.province_id and scope.covers(by, consultant)):
        raise PermissionDenied
    if not _is_province_of_today(consultant.province):
        raise ValidationError({"province": _("Chọn một tỉnh, thành phố hiện nay.")}, code="consultant_province")
    before = None if created else audit.snapshot(Consultant.objects.get(pk=consultant.pk), CONSULTANT_FIELDS)
    with transaction.atomic():
        return _write(consultant, CONSULTANT_FIELDS, by=by, created=created, before=before)


def _is_province_of_today(area: Area) -> bool:
    return area.is_current and area.level == Area.Level.PROVINCE


def _advised_units(area: Area) -> None:
    """A consultant advises the producers of a unit that holds producers: not a province of before 2025 (it
    rolls up to today's province, which is the unit to name)."""
    if not area.is_current and area.level == Area.Level.PROVINCE:
        raise ValidationError(
            {"area": _("Chọn tỉnh hiện nay, hoặc huyện, xã trước 01/07/2025.")}, code="assignment_area"
        )


def assign_consultant(
    *,
    consultant: Consultant,
    starts_on: datetime.date,
    producer: Producer | None = None,
    area: Area | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
    by,
) -> Assignment:
    """Assign `consultant` to one producer or to every producer of `area` (a district of before 2025, a commune
    or a province of today), in the consultant's province. Audited. Raises ValidationError unless exactly one of
    `producer` and `area` is given and it lies in the consultant's province."""
    if (producer is None) == (area is None):
        raise ValidationError(_("Chọn một chủ thể hoặc một địa bàn."), code="assignment_target")
    assignment = Assignment(
        consultant=consultant, producer=producer, area=area, starts_on=starts_on, ends_on=ends_on, note=note
    )
    if producer is not None:
        assignment.commune, assignment.province = producer.current_commune, producer.current_province
    else:
        _advised_units(area)
        _place(assignment, area)
    if not rules.can_edit_consultant(by, consultant) or not rules.can_edit_assignment(by, assignment):
        raise PermissionDenied
    if assignment.province_id != consultant.province_id:
        raise ValidationError(
            _("Tư vấn của %(province)s chỉ được phân công trong tỉnh."),
            code="assignment_province",
            params={"province": consultant.province},
        )
    with transaction.atomic():
        return _write(assignment, ASSIGNMENT_FIELDS, by=by, created=True)


def end_assignment(*, assignment: Assignment, ends_on: datetime.date, by) -> Assignment:
    if not rules.can_edit_assignment(by, assignment):
        raise PermissionDenied
    before = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.ends_on = ends_on
    with transaction.atomic():
        return _write(assignment, ASSIGNMENT_FIELDS, by=by, created=False, before=before)


def advisers_of(producer: Producer, *, on: datetime.date):
    """The assignments that cover `producer` on day `on`: to it by name, or to a unit holding it (its commune or
    district of either era, its province of today)."""
    units = [producer.current_province_id, producer.current_commune_id]
    unit = producer.area
    while unit is not None:
        units.append(unit.pk)
        unit = unit.parent
    return (
        Assignment.objects.filter(starts_on__lte=on)
        .exclude(ends_on__lt=on)
        .filter(Q(producer=producer) | Q(area_id__in=[u for u in units if u]))
        .select_related("consultant", "area")
    )


# Events and attendees --------------------------------------------------------------------------------------


def _event_snapshot(event: Event) -> dict:
    return {
        **audit.snapshot(event, EVENT_FIELDS),
        "sectors": sorted(str(s) for s in event.sectors.all()),
        "target_areas": sorted(str(a) for a in event.target_areas.all()),
    }


def save_event(*, event: Event, by, sectors=None, target_areas=None) -> Event:
    """Create or change an event; its commune and province follow its area. `sectors` and `target_areas` (provinces
    of today), when given, replace the sectors and areas it is aimed at. Audited. Raises PermissionDenied unless
    `by` is an officer of that area (and, for a change, of the area it was in)."""
    created = event.pk is None
    if not created:
        stored = Event.objects.get(pk=event.pk)
        if not rules.can_edit_event(by, stored):
            raise PermissionDenied
        before = _event_snapshot(stored)
    else:
        before = None
    if event.area_id is None:
        raise ValidationError({"area": _("Chọn địa bàn tổ chức.")}, code="event_area")
    _place(event, event.area)
    if not rules.can_edit_event(by, event):
        raise PermissionDenied
    if target_areas is not None and not all(_is_province_of_today(area) for area in target_areas):
        raise ValidationError({"target_areas": _("Chọn các tỉnh, thành phố hiện nay.")}, code="event_target_areas")
    with transaction.atomic():
        event.full_clean()
        event.save()
        if sectors is not None:
            event.sectors.set(sectors)
        if target_areas is not None:
            event.target_areas.set(target_areas)
        audit.record(
            actor=by,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=event,
            before=before,
            after=_event_snapshot(event),
        )
        return event


def delete_event(*, event: Event, by) -> None:
    if not rules.can_edit_event(by, event):
        raise PermissionDenied
    with transaction.atomic():
        _delete(event, EVENT_FIELDS, by=by)


def attendee_key(*, kind: str, level: str, producer_id: int | None, name: str) -> str:
    """Who an attendee is, for telling the same person entered twice: the same name (folded) of the same
    producer, or at the same level."""
    return f"{kind}:{producer_id or level}:{fold(name)}"[:200]


def add_attendee(*, event: Event, by, note: str = "", **fields) -> Attendee:
    """Add one attendee to `event` (fields: kind, level, producer, name, organisation, position, phone). An
    official has a level and no producer; a producer's person no level, and a producer or its name. Audited.
    Raises ValidationError when the same person is already on the list."""
    if not rules.can_edit_event(by, event):
        raise PermissionDenied
    attendee = Attendee(event=event, **fields)
    if attendee.kind == Attendee.Kind.PRODUCER:
        attendee.level = ""
        if attendee.producer_id is None and not attendee.organisation.strip():
            raise ValidationError(
                {"producer": _("Chọn chủ thể, hoặc ghi tên chủ thể khi chưa có trên nền tảng.")},
                code="attendee_producer",
            )
    else:
        attendee.producer = None
        if not attendee.level:
            raise ValidationError({"level": _("Chọn cấp của cán bộ.")}, code="attendee_level")
    attendee.key = attendee_key(
        kind=attendee.kind, level=attendee.level, producer_id=attendee.producer_id, name=attendee.name
    )
    if Attendee.objects.filter(event=event, key=attendee.key).exists():
        raise ValidationError(_("%(name)s đã có trong danh sách."), code="attendee_twice", params={"name": attendee})
    with transaction.atomic():
        return _write(attendee, ATTENDEE_FIELDS, by=by, created=True, note=note)


def remove_attendee(*, attendee: Attendee, by) -> None:
    if not rules.can_edit_event(by, attendee.event):
        raise PermissionDenied
    with transaction.atomic():
        _delete(attendee, ATTENDEE_FIELDS, by=by)
