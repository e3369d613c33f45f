from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import people, scope
from accounts.models import User
from areas.models import Area
from core.forms import DateInput
from inspections.forms import UserChoices

from .models import Kind, Signal, Status


def filter_areas(user):
    """The units the inbox can be narrowed to: the provinces for national roles, the communes of the user's
    province for its inspectors and officers (today's units: items carry today's)."""
    current = Area.objects.current()
    provinces = scope.in_area(user, current.filter(level=Area.Level.PROVINCE))
    if user.area_id is None:
        return provinces.order_by("name")
    return current.filter(level=Area.Level.COMMUNE, parent_id=user.area_id).order_by("name")


class InboxFilterForm(forms.Form):
    loai = forms.ChoiceField(label=_("Loại tin báo"), required=False)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)
    khu_vuc = forms.ChoiceField(label=_("Địa bàn"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.code: area for area in filter_areas(user)}
        self.fields["loai"].choices = [("", _("Mọi loại")), *Kind.choices]
        self.fields["trang_thai"].choices = [("", _("Còn cần xử lý")), ("tat-ca", _("Tất cả")), *Status.choices]
        self.fields["khu_vuc"].choices = [("", _("Toàn địa bàn")), *((c, a.name) for c, a in self.areas.items())]

    def apply(self, items):
        if not self.is_valid():
            return items.filter(status__in=[Status.OPEN, Status.ASKED, Status.ANSWERED])
        data = self.cleaned_data
        if data["loai"]:
            items = items.filter(kind=data["loai"])
        if data["trang_thai"] in Status.values:
            items = items.filter(status=data["trang_thai"])
        elif data["trang_thai"] != "tat-ca":
            items = items.filter(status__in=[Status.OPEN, Status.ASKED, Status.ANSWERED])
        area = self.areas.get(data["khu_vuc"])
        if area is not None:
            items = items.filter(province=area) if area.level == Area.Level.PROVINCE else items.filter(commune=area)
        return items


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Nội dung yêu cầu chủ thể giải trình"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chủ thể nhận được thông báo và trả lời trên trang của mình."),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do đóng"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    public_outcome = forms.CharField(
        label=Signal._meta.get_field("public_outcome").verbose_name.capitalize(),
        max_length=300,
        required=False,
        help_text=Signal._meta.get_field("public_outcome").help_text,
    )


class InspectForm(forms.Form):
    """A new ad-hoc inspection of the item's producer and product: its team, dates and scope (the inspection's
    own rules check them, `inspections.open_inspection`)."""

    team = UserChoices(label=_("Đoàn kiểm tra"), queryset=User.objects.none(), to_field_name="username")
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    scope_note = forms.CharField(
        label=_("Phạm vi, nội dung kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = people.inspector_accounts(signal.province_id).order_by("first_name", "username")


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ComplaintForm(forms.Form):
    product = forms.CharField(
        label=_("Mã sản phẩm"),
        max_length=10,
        help_text=_("Mã 10 ký tự trên trang sản phẩm (ví dụ trong địa chỉ /san-pham/<mã>/)."),
    )
    summary = forms.CharField(
        label=_("Nội dung khiếu nại"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ai khiếu nại, qua kênh nào, về việc gì."),
    )
