"""Plans and inspections: opening one, and its one transition function."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import people
from audit import domain as audit
from audit.models import AuditEntry
from notifications.domain import notify

from ..models import Inspection, InspectionPlan, Kind, Status, Trigger
from ..rules import can_act, can_plan_in

# The moves an inspection may make; concluding also needs an outcome for every product (see `transition`).
MOVES = {
    Status.PLANNED: {Status.IN_PROGRESS, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.CONCLUDED, Status.CANCELLED},
    Status.CONCLUDED: set(),
    Status.CANCELLED: set(),
}


@transaction.atomic
def create_plan(*, by, province, year: int, title: str, note: str = "") -> InspectionPlan:
    """A province's plan of periodic inspections for `year`. Validates: `by` is one of the province's inspectors
    or OCOP officers; a title. Side effects: the plan; audit entry."""
    if not can_plan_in(by, province.pk):
        raise PermissionDenied
    if not (title or "").strip():
        raise ValidationError({"title": [_("Nhập tên kế hoạch kiểm tra.")]})
    if not 2018 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": [_("Năm kế hoạch không hợp lệ.")]})
    plan = InspectionPlan.objects.create(
        province=province, year=year, title=title.strip(), note=note.strip(), created_by=by
    )
    audit.record(actor=by, action=AuditEntry.Action.CREATE, obj=plan, after=audit.snapshot(plan))
    return plan


def _province_of(producers: list) -> int | None:
    provinces = {producer.current_province_id for producer in producers}
    if len(provinces) != 1:
        raise ValidationError(
            {"producers": [_("Mỗi đợt kiểm tra chỉ gồm các chủ thể của cùng một tỉnh (theo địa bàn hiện nay).")]}
        )
    return provinces.pop()


def _check_opening(*, kind, trigger, producers, products, team, starts_on, ends_on, plan, province_id) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        errors["kind"] = [_("Chọn hình thức kiểm tra: định kỳ hoặc đột xuất.")]
    elif kind == Kind.PERIODIC:
        if trigger != Trigger.PLAN:
            errors["trigger"] = [_("Kiểm tra định kỳ được tiến hành theo kế hoạch kiểm tra.")]
        if plan is None:
            errors["plan"] = [_("Chọn kế hoạch kiểm tra của đợt kiểm tra định kỳ.")]
        elif plan.province_id != province_id:
            errors["plan"] = [_("Kế hoạch kiểm tra thuộc tỉnh khác với tỉnh của các chủ thể.")]
    elif trigger not in Trigger.values or trigger == Trigger.PLAN:
        errors["trigger"] = [_("Chọn căn cứ của đợt kiểm tra đột xuất.")]
    producer_ids = {producer.pk for producer in producers}
    if not products:
        errors["products"] = [_("Chọn ít nhất một sản phẩm được kiểm tra.")]
    elif any(product.producer_id not in producer_ids for product in products):
        errors["products"] = [_("Mỗi sản phẩm được kiểm tra phải thuộc một trong các chủ thể đã chọn.")]
    if not team:
        errors["team"] = [_("Chọn ít nhất một người trong đoàn kiểm tra.")]
    elif not {member.pk for member in team} <= set(people.inspector_accounts(province_id).values_list("pk", flat=True)):
        errors["team"] = [_("Đoàn kiểm tra gồm các cán bộ thanh tra, kiểm tra của tỉnh.")]
    if starts_on is None or ends_on is None:
        errors["ends_on"] = [_("Nhập thời gian kiểm tra.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc không được trước ngày bắt đầu.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_inspection(
    *,
    by,
    kind: str,
    trigger: str,
    trigger_note: str,
    producers: Iterable,
    products: Iterable,
    team: Iterable,
    starts_on: datetime.date,
    ends_on: datetime.date,
    scope_note: str,
    plan: InspectionPlan | None = None,
) -> Inspection:
    """Open an inspection of `producers` (all of one province of today) and of their `products`, by `team`
    (inspectors of that province), from `starts_on` to `ends_on`: periodic (`trigger` PLAN, under `plan`) or ad
    hoc (any other `Trigger`, e.g. from the inbox's fake report).

    Validates: `by` is an inspector or OCOP officer of the province; the kind, trigger and plan agree; every
    product is one of the producers'; the team and the dates. Side effects: the inspection, planned; audit
    entry; the team is notified (the producers are not: an ad-hoc inspection may be unannounced)."""
    producers, products, team = list(producers), list(products), list(team)
    if not producers:
        raise ValidationError({"producers": [_("Chọn ít nhất một chủ thể được kiểm tra.")]})
    province_id = _province_of(producers)
    if not can_plan_in(by, province_id):
        raise PermissionDenied
    _check_opening(
        kind=kind,
        trigger=trigger,
        producers=producers,
        products=products,
        team=team,
        starts_on=starts_on,
        ends_on=ends_on,
        plan=plan,
        province_id=province_id,
    )
    inspection = Inspection.objects.create(
        plan=plan if kind == Kind.PERIODIC else None,
        kind=kind,
        trigger=trigger,
        trigger_note=(trigger_note or "").strip(),
        province_id=province_id,
        starts_on=starts_on,
        ends_on=ends_on,
        scope_note=(scope_note or "").strip(),
        created_by=by,
    )
    inspection.producers.set(producers)
    inspection.products.set(products)
    inspection.team.set(team)
    audit.record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=inspection,
        after={
            **audit.snapshot(inspection),
            "producers": sorted(p.code for p in producers),
            "products": sorted(p.code for p in products),
            "team": sorted(u.get_username() for u in team),
        },
    )
    notify(
        users=team,
        message=_("Bạn được phân công vào đoàn kiểm tra %(kind)s từ %(start)s đến %(end)s: %(producers)s.")
        % {
            "kind": inspection.get_kind_display().lower(),
            "start": f"{starts_on:%d/%m/%Y}",
            "end": f"{ends_on:%d/%m/%Y}",
            "producers": ", ".join(p.name for p in producers),
        },
        url=inspection.get_absolute_url(),
    )
    return inspection


@transaction.atomic
def transition(
    *,
    inspection: Inspection,
    to: str,
    by,
    note: str = "",
    conclusion: str = "",
    concluded_on: datetime.date | None = None,
) -> Inspection:
    """Move `inspection` to `to`: planned → in progress (the first visit does it) → concluded, or cancelled
    before its conclusion. The only writer of an inspection's status.

    Validates: `by` is an inspector or OCOP officer of its province; the move is one of MOVES; cancelling needs a
    reason (`note`); concluding needs the conclusion, its date (not in the future, not before the start) and an
    outcome recorded for every product. Side effects: the status (and conclusion); audit entry; on conclusion,
    the producers' users and the team are told; on cancellation, the team."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not can_act(by, inspection):
        raise PermissionDenied
    if to not in MOVES.get(inspection.status, set()):
        raise ValidationError(
            _("Không thể chuyển đợt kiểm tra từ “%(from)s” sang “%(to)s”.")
            % {"from": inspection.get_status_display(), "to": Status(to).label if to in Status.values else to}
        )
    fields = ["status"]
    before = audit.snapshot(inspection, ["status", "conclusion", "concluded_on"])
    if to == Status.CANCELLED and not (note or "").strip():
        raise ValidationError({"note": [_("Nhập lý do hủy đợt kiểm tra.")]})
    if to == Status.CONCLUDED:
        _check_conclusion(inspection=inspection, conclusion=conclusion, concluded_on=concluded_on)
        inspection.conclusion, inspection.concluded_on = conclusion.strip(), concluded_on
        fields += ["conclusion", "concluded_on"]
    inspection.status = to
    inspection.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=inspection,
        before=before,
        after=audit.snapshot(inspection, ["status", "conclusion", "concluded_on"]),
        note=(note or "").strip(),
    )
    team = list(inspection.team.all())
    if to == Status.CONCLUDED:
        producer_ids = [p.pk for p in inspection.producers.all()]
        users = [user for group in people.users_of_producers(producer_ids).values() for user in group]
        notify(
            users=[*users, *team],
            message=_("Đợt kiểm tra %(code)s đã có kết luận ngày %(date)s.")
            % {"code": inspection.code, "date": f"{concluded_on:%d/%m/%Y}"},
            url=inspection.get_absolute_url(),
        )
    elif to == Status.CANCELLED:
        notify(
            users=team,
            message=_("Đợt kiểm tra %(code)s đã bị hủy: %(note)s") % {"code": inspection.code, "note": note.strip()},
            url=inspection.get_absolute_url(),
        )
    return inspection


def _check_conclusion(*, inspection: Inspection, conclusion: str, concluded_on: datetime.date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not (conclusion or "").strip():
        errors["conclusion"] = [_("Nhập kết luận của đợt kiểm tra.")]
    if concluded_on is None:
        errors["concluded_on"] = [_("Nhập ngày kết luận.")]
    elif concluded_on > timezone.localdate():
        errors["concluded_on"] = [_("Ngày kết luận không được ở tương lai.")]
    elif concluded_on < inspection.starts_on:
        errors["concluded_on"] = [_("Ngày kết luận không được trước ngày bắt đầu kiểm tra.")]
    pending = inspection.products.exclude(inspection_outcomes__inspection=inspection)
    if pending.exists():
        errors["conclusion"] = [
            *errors.get("conclusion", []),
            _("Chưa có kết quả cho sản phẩm: %(products)s.") % {"products": ", ".join(p.name for p in pending)},
        ]
    if errors:
        raise ValidationError(errors)
