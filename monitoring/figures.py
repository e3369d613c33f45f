"""The inbox's figures for the reports (a plain function of this app, as `programme.events.counts` is): how many
items of each kind each province received, and how each was triaged (its status)."""

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from inspections.areas import producer_in

from .models import Kind, Signal, Status


def counts(
    *,
    province_ids=None,
    received_from: datetime.date | None = None,
    received_until: datetime.date | None = None,
) -> dict[tuple[int, str, str], int]:
    """{(today's province id, kind, status): number of items}, for the given provinces (all when None) and the
    items received between the two days (inclusive; either end open when None)."""
    items = Signal.objects.all()
    if province_ids is not None:
        items = items.filter(province_id__in=list(province_ids))
    if received_from is not None:
        items = items.filter(created_at__date__gte=received_from)
    if received_until is not None:
        items = items.filter(created_at__date__lte=received_until)
    rows = items.values("province_id", "kind", "status").annotate(n=Count("id")).order_by()
    return {(row["province_id"], row["kind"], row["status"]): row["n"] for row in rows}


def by_kind(*, user, area, start: datetime.date, end: datetime.date) -> list[list]:
    """Per kind of item (then all together): items received from `start` to `end` among those `user` sees in
    `area` (None: the whole scope; a province by the item's province, any smaller unit or a unit of before 2025 by
    the producer concerned), and how many are still in hand, went to an inspection, or were closed."""
    items = Signal.objects.visible_to(user).filter(created_at__date__gte=start, created_at__date__lte=end)
    if area is not None:
        if area.is_current and area.level == Area.Level.PROVINCE:
            items = items.filter(province_id=area.pk)
        else:
            items = items.filter(producer_in(area, "producer"))
    found = {
        (row["kind"], row["status"]): row["n"]
        for row in items.values("kind", "status").annotate(n=Count("id")).order_by()
    }
    in_hand = {Status.OPEN, Status.ASKED, Status.ANSWERED}

    def line(label, kinds) -> list:
        def total(statuses):
            return sum(n for (kind, status), n in found.items() if kind in kinds and status in statuses)

        return [
            label,
            total(set(Status)),
            total(in_hand),
            total({Status.INSPECTION}),
            total({Status.CLOSED}),
        ]

    return [*(line(str(kind.label), {kind}) for kind in Kind), line(_("Tổng số"), set(Kind))]


COLUMNS = (
    gettext_lazy("Loại tin"),
    gettext_lazy("Tiếp nhận"),
    gettext_lazy("Đang xử lý"),
    gettext_lazy("Chuyển kiểm tra"),
    gettext_lazy("Đã đóng"),
)
