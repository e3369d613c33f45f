"""The report's filters, read from a query string (the page, the exports, the API and the home page's period switch
share them): an area by its key (era-level-code), the period (`period=year` with `first`/`last` years, `period=dates`
with `since`/`until` days as DD/MM/YYYY or YYYY-MM-DD, `period=round` with the round's code), the grouping. A value
that cannot be read is a clear message; an area or a round outside the reader's scope is a 404 (Http404), as for
any record."""

import datetime
from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.keys import area_from_key, area_key
from areas.models import Area
from core.forms import DateInput
from evaluation.models import Round

from .figures import Period, Report, grouping_choices
from .rules import covers_area, home_area

FIRST_YEAR = 2018
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = gettext_lazy("Ngày không đúng dạng ngày/tháng/năm (ví dụ 30/06/2025).")


def period_choices() -> list[tuple[str, str]]:
    return [(Period.YEARS, _("Năm")), (Period.DATES, _("Khoảng ngày")), (Period.ROUND, _("Đợt đánh giá"))]


class ReportForm(forms.Form):
    area = forms.CharField(label=gettext_lazy("Địa bàn"), required=False)
    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), required=False, choices=period_choices)
    first = forms.IntegerField(label=gettext_lazy("Từ năm"), required=False)
    last = forms.IntegerField(label=gettext_lazy("Đến năm"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Từ ngày (ngày/tháng/năm)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        widget=DateInput(),
    )
    until = forms.DateField(
        label=gettext_lazy("Đến ngày (ngày/tháng/năm)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        widget=DateInput(),
    )
    round = forms.CharField(label=gettext_lazy("Đợt đánh giá"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Nhóm theo"), required=False, choices=grouping_choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        this_year = timezone.localdate().year
        self.fields["first"].widget.attrs.update(min=FIRST_YEAR, max=this_year)
        self.fields["last"].widget.attrs.update(min=FIRST_YEAR, max=this_year)

    def clean_area(self):
        key = self.cleaned_data["area"]
        if not key:
            return home_area(self.user)
        area = area_from_key(key)
        if area is None:
            raise forms.ValidationError(_("Không có địa bàn “%(key)s”.") % {"key": key})
        if not covers_area(self.user, area):
            raise Http404
        return area

    def clean_round(self):
        code = self.cleaned_data["round"]
        if not code:
            return None
        found = Round.objects.filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("Không có đợt đánh giá “%(code)s”.") % {"code": code})
        if not Round.objects.visible_to(self.user).filter(pk=found.pk).exists():
            raise Http404
        return found

    def clean(self):
        data = super().clean()
        data["group"] = data.get("group") or "area"
        kind = data.get("period") or Period.YEARS
        if kind == Period.DATES:
            data["period"] = self._dates(data)
        elif kind == Period.ROUND:
            if self.has_error("round"):
                return data
            if data.get("round") is None:
                raise forms.ValidationError(_("Chọn đợt đánh giá."))
            data["period"] = Period.of_round(data["round"])
        else:
            data["period"] = self._years(data)
        return data

    def _dates(self, data) -> Period | None:
        if self.has_error("since") or self.has_error("until"):
            return None
        since, until = data.get("since"), data.get("until")
        if since is None or until is None:
            raise forms.ValidationError(_("Nhập cả ngày bắt đầu và ngày kết thúc."))
        if since > until:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        first, last = datetime.date(FIRST_YEAR, 1, 1), datetime.date(timezone.localdate().year, 12, 31)
        if since < first or until > last:
            raise forms.ValidationError(
                _("Chỉ có số liệu từ ngày %(first)s đến ngày %(last)s.")
                % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")}
            )
        return Period.dates(since, until)

    def _years(self, data) -> Period:
        this_year = timezone.localdate().year
        first = data.get("first") or data.get("last") or this_year
        last = data.get("last") or first
        if first > last:
            raise forms.ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
        if first < FIRST_YEAR or last > this_year + 1:
            raise forms.ValidationError(
                _("Chỉ có số liệu từ năm %(first)s đến năm %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
            )
        data["first"], data["last"] = first, last
        return Period(first, last)


@dataclass
class ReportRequest:
    report: Report
    form: ReportForm

    @property
    def query(self) -> dict:
        return {"area": area_key(self.report.area), **period_query(self.report.period), "group": self.report.grouping}

    def scope_lines(self) -> list[tuple[str, str]]:
        """What a reader of an export needs to know first: whose figures, which area, which period."""
        area = self.report.area
        return [
            (_("Người lập"), self.report.user.get_full_name() or self.report.user.username),
            (_("Địa bàn"), area.full_name if area else _("Toàn quốc")),
            (_("Kỳ báo cáo"), dict(period_choices())[self.report.period.kind]),
            (_("Giai đoạn"), str(self.report.period)),
            (_("Nhóm theo"), self.report.grouping_label()),
            (_("Ngày lập"), timezone.localdate().strftime("%d/%m/%Y")),
        ]


def read_report(user, data) -> ReportRequest:
    """The report asked for in `data`, or a ReportForm with its errors (`.report` is None); Http404 outside scope."""
    form = ReportForm(data, user=user)
    if not form.is_valid():
        return ReportRequest(report=None, form=form)
    report = Report(
        user=user,
        area=form.cleaned_data["area"],
        period=form.cleaned_data["period"],
        grouping=form.cleaned_data["group"],
        today=timezone.localdate(),
    )
    return ReportRequest(report=report, form=form)


def period_query(period: Period) -> dict:
    """The query string parameters that ask for `period` again (links, exports, drill-downs)."""
    if period.kind == Period.ROUND:
        return {"period": Period.ROUND, "round": period.round.code}
    if period.kind == Period.DATES:
        return {"period": Period.DATES, "since": f"{period.since:%d/%m/%Y}", "until": f"{period.until:%d/%m/%Y}"}
    return {"first": period.first, "last": period.last}


def round_options(user) -> list[tuple[str, str]]:
    """The rounds a reader may ask a report for: those they can see, the latest first."""
    rounds = Round.objects.visible_to(user).select_related("province").order_by("-evaluate_by", "-pk")
    return [(r.code, f"{r.name} ({r.province.name if r.province else _('Trung ương')})") for r in rounds]


KEY_FIELDS = ("era", "level", "code", "name")


def area_options(user) -> list[tuple[str, str]]:
    """The areas offered in the filter: the reader's own, today's units in it, and for a province its districts
    of before 2025 (any other unit in scope can be asked for by its key, e.g. from a drill-down link)."""
    home = home_area(user)
    if home is None:
        units = Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE).only(*KEY_FIELDS).order_by("name")
        return [("", _("Toàn quốc"))] + [(area_key(u), u.name) for u in units]
    options = [(area_key(home), home.name)]
    if home.level == Area.Level.PROVINCE:
        options += [(area_key(u), u.name) for u in Area.objects.filter(parent=home).only(*KEY_FIELDS).order_by("name")]
        districts = Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, current_province=home).only(
            *KEY_FIELDS
        )
        options += [(area_key(d), _("%(name)s (trước 2025)") % {"name": d.name}) for d in districts.order_by("name")]
    return options
