"""The report's filters, read from a query string (the page, the exports and the API share them): an area by its
key (era-level-code), the years, the grouping. A value that cannot be read is a clear message; an area outside
the reader's scope is a 404 (Http404), as for any record."""

from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.keys import area_from_key, area_key
from areas.models import Area

from .figures import Period, Report, grouping_choices
from .rules import covers_area, home_area

FIRST_YEAR = 2018


class ReportForm(forms.Form):
    area = forms.CharField(label=gettext_lazy("Địa bàn"), required=False)
    first = forms.IntegerField(label=gettext_lazy("Từ năm"), required=False)
    last = forms.IntegerField(label=gettext_lazy("Đến năm"), required=False)
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

    def clean(self):
        data = super().clean()
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
        data["group"] = data.get("group") or "area"
        return data


@dataclass
class ReportRequest:
    report: Report
    form: ReportForm

    @property
    def query(self) -> dict:
        return {
            "area": area_key(self.report.area),
            "first": self.report.period.first,
            "last": self.report.period.last,
            "group": self.report.grouping,
        }

    def scope_lines(self) -> list[tuple[str, str]]:
        """What a reader of an export needs to know first: whose figures, which area, which period."""
        area = self.report.area
        return [
            (_("Người lập"), self.report.user.get_full_name() or self.report.user.username),
            (_("Địa bàn"), area.full_name if area else _("Toàn quốc")),
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
        period=Period(form.cleaned_data["first"], form.cleaned_data["last"]),
        grouping=form.cleaned_data["group"],
        today=timezone.localdate(),
    )
    return ReportRequest(report=report, form=form)


def area_options(user) -> list[tuple[str, str]]:
    """The areas offered in the filter: the reader's own, today's units in it, and for a province its districts
    of before 2025 (any other unit in scope can be asked for by its key, e.g. from a drill-down link)."""
    home = home_area(user)
    if home is None:
        units = list(Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE).order_by("name"))
        return [("", _("Toàn quốc"))] + [(area_key(u), u.name) for u in units]
    options = [(area_key(home), home.name)]
    if home.level == Area.Level.PROVINCE:
        options += [(area_key(u), u.name) for u in Area.objects.filter(parent=home).order_by("name")]
        districts = Area.objects.filter(
            era=Area.Era.LEGACY, level=Area.Level.DISTRICT, current_province=home
        ).select_related("parent")
        options += [(area_key(d), _("%(name)s (trước 2025)") % {"name": d.name}) for d in districts.order_by("name")]
    return options
