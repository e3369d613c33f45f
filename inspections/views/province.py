"""The province's views (overdue for inspection, open remediations, withdrawals of the year) and the inspection
report, each as a page and as an .xlsx with the same rows."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from .. import exports, figures, province
from ..areas import area_options, read_area
from .access import XLSX, inspectors_only

FIRST_YEAR = 2018


class ProvinceFilter(forms.Form):
    area = forms.CharField(required=False, max_length=30)
    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=FIRST_YEAR, max_value=2100)
    first = forms.IntegerField(label=gettext_lazy("Từ năm"), required=False, min_value=FIRST_YEAR, max_value=2100)
    last = forms.IntegerField(label=gettext_lazy("Đến năm"), required=False, min_value=FIRST_YEAR, max_value=2100)
    overdue = forms.BooleanField(label=gettext_lazy("Chỉ yêu cầu khắc phục quá hạn"), required=False)

    def clean(self):
        data = super().clean()
        this_year = timezone.localdate().year
        data["year"] = data.get("year") or this_year
        first = data.get("first") or data.get("last") or this_year
        last = data.get("last") or first
        if first > last:
            raise forms.ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."))
        data["first"], data["last"] = first, last
        return data


def _filters(request):
    inspectors_only(request)
    form = ProvinceFilter(request.GET)
    if form.is_valid():
        data = form.cleaned_data
    else:
        this_year = timezone.localdate().year
        data = {"year": this_year, "first": this_year, "last": this_year, "overdue": False}
    area = read_area(request.user, request.GET.get("area", ""))
    return form, data, area


def _tables(request, area, data) -> list[tuple[str, list[str], list[list]]]:
    today = timezone.localdate()
    user = request.user
    overdue_products = province.overdue_for_inspection(user=user, area=area, today=today)
    remediations = province.open_remediations(user=user, area=area, overdue_on=today if data["overdue"] else None)
    withdrawn = province.withdrawals(user=user, area=area, year=data["year"])
    return [
        (
            _("Sản phẩm quá hạn kiểm tra"),
            [_("Sản phẩm"), _("Chủ thể"), _("Xã, phường"), _("Kiểm tra gần nhất"), _("Cấp giấy chứng nhận")],
            [[p.name, p.producer.name, _commune(p.producer), p.last_inspected, p.issued_on] for p in overdue_products],
        ),
        (
            _("Yêu cầu khắc phục đang mở"),
            [_("Hạn khắc phục"), _("Sản phẩm"), _("Chủ thể"), _("Xã, phường"), _("Nội dung"), _("Quá hạn")],
            [
                [
                    o.deadline,
                    o.product.name,
                    o.producer.name,
                    _commune(o.producer),
                    o.note,
                    _("Có") if o.deadline < today else "",
                ]
                for o in remediations
            ],
        ),
        (
            _("Thu hồi chứng nhận năm %(year)s") % {"year": data["year"]},
            [
                _("Số giấy chứng nhận"),
                _("Sản phẩm"),
                _("Chủ thể"),
                _("Căn cứ"),
                _("Ngày quyết định"),
                _("Đề xuất từ đợt kiểm tra"),
            ],
            [
                [
                    c.number,
                    c.product.name,
                    c.product.producer.name,
                    c.withdrawal.get_ground_display(),
                    c.withdrawal.decision_date,
                    c.proposed_by or "",
                ]
                for c in withdrawn
            ],
        ),
    ]


def _commune(producer) -> str:
    return producer.current_commune.name if producer.current_commune else ""


def _heading(request, area, lines) -> list[tuple[str, str]]:
    scope_name = area.full_name if area else (request.user.area.name if request.user.area else _("Toàn quốc"))
    return [(_("Địa bàn"), scope_name), *lines, (_("Ngày lập"), timezone.localdate().strftime("%d/%m/%Y"))]


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_GET
def province_view(request):
    form, data, area = _filters(request)
    tables = _tables(request, area, data)
    if request.GET.get("format") == "xlsx":
        heading = _heading(request, area, [(_("Năm thu hồi"), str(data["year"]))])
        return _xlsx(exports.workbook(tables, heading), "kiem-tra-tinh")
    return render(
        request,
        "inspections/province.html",
        {"form": form, "tables": tables, "area": area, "area_options": area_options(request.user), "data": data},
    )


@login_required
@require_GET
def report_view(request):
    form, data, area = _filters(request)
    start, end = datetime.date(data["first"], 1, 1), datetime.date(data["last"], 12, 31)
    result = figures.inspected(user=request.user, area=area, start=start, end=end)
    period = str(data["first"]) if data["first"] == data["last"] else f"{data['first']}–{data['last']}"
    if request.GET.get("format") == "xlsx":
        heading = _heading(request, area, [(_("Thời kỳ"), period)])
        return _xlsx(
            exports.workbook([(_("Kết quả kiểm tra"), result.columns, result.rows)], heading), "bao-cao-kiem-tra"
        )
    return render(
        request,
        "inspections/report.html",
        {"form": form, "figures": result, "area": area, "area_options": area_options(request.user), "period": period},
    )
