"""The report's tables of the programme's other parts, each read from a plain function of the app that keeps its
records: events (`programme.events`), the market (`market.figures`), inspections (`inspections.figures`) and the
inspectors' inbox (`monitoring.figures`)."""

from django.utils.translation import gettext as _

from inspections import figures as inspection_figures
from monitoring import figures as signal_figures
from programme.models import TRADE_KINDS, EventKind

from .plans import market_counts
from .tables import Table, percent


class OtherPartsTables:
    """Mixed into `reports.figures.Report`: these tables read its `user`, `area` and `period`."""

    def events(self, counts: dict[str, int], plan: dict | None = None) -> Table:
        """Training courses and conferences held in the area in the period (the programme's events), by kind,
        against the plan's targets."""
        plan = plan or {}
        table = Table(
            "events",
            _("Tập huấn, hội nghị, sự kiện"),
            [_("Loại"), _("Thực hiện"), _("Kế hoạch"), _("% kế hoạch")],
        )
        for kind in EventKind:
            value = counts.get(kind.value, 0)
            target = plan.get(kind.value)
            table.rows.append([str(kind.label), value, target, percent(value, target) if target else None])
        value, target = counts.get("events", 0), plan.get("events")
        table.rows.append(
            [_("Hội nghị, sự kiện (trừ tập huấn)"), value, target, percent(value, target) if target else None]
        )
        return table

    def inspections(self) -> Table:
        """Producers, products and areas inspected in the period, by outcome (`inspections.figures`)."""
        found = inspection_figures.inspected(
            user=self.user, area=self.area, start=self.period.start, end=self.period.end
        )
        return Table("inspections", _("Kiểm tra sau công nhận"), found.columns, found.rows)

    def signals(self) -> Table:
        """The inspectors' inbox: items received in the period by kind, and how they were handled
        (`monitoring.figures`)."""
        rows = signal_figures.by_kind(user=self.user, area=self.area, start=self.period.start, end=self.period.end)
        return Table("signals", _("Phản ánh, cảnh báo gửi thanh tra"), [str(c) for c in signal_figures.COLUMNS], rows)

    def market(self, plan: dict | None = None) -> Table:
        """Trade events by kind, producers taking part, agreements signed (against the plan), sales points, buyers'
        demands and producers' answers."""
        counts, plan = market_counts(area=self.area, period=self.period), plan or {}
        table = Table(
            "market", _("Kết nối thị trường"), [_("Chỉ tiêu"), _("Thực hiện"), _("Kế hoạch"), _("% kế hoạch")]
        )
        lines = [(str(kind.label), counts.get(kind.value, 0), None) for kind in TRADE_KINDS]
        lines.append((_("Lượt chủ thể tham gia sự kiện"), counts["participants"], None))
        lines.append((_("Thỏa thuận, hợp đồng thương mại"), counts["agreements"], plan.get("agreements")))
        lines.append((_("Trong đó biên bản ghi nhớ"), counts["memoranda"], None))
        lines.append((_("Điểm giới thiệu và bán sản phẩm OCOP"), counts["sales_points"], None))
        lines.append((_("Bên mua được xác minh"), counts["buyers_verified"], None))
        lines.append((_("Nhu cầu mua được đăng"), counts["demands"], None))
        lines.append((_("Nhu cầu mua có chủ thể chào hàng"), counts["demands_answered"], None))
        lines.append((_("Lượt chủ thể chào hàng"), counts["answers"], None))
        table.rows = [[label, n, target, percent(n, target) if target else None] for label, n, target in lines]
        return table
