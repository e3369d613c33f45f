from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scope
from areas.models import Area
from core.forms import DateInput
from criteria.models import Sector
from dossiers.models import Application
from producers.models import Producer

from .models import Attendee, Consultant, Event, EventKind, Funding, FundingSource, Indicator

MAX_SHEET_BYTES = 5 * 1024 * 1024


def areas_for(user, *, districts: bool = True):
    """The units `user` may pick for a plan or an event: those whose records the scope rule gives them
    (`accounts.scope.in_area`): a province officer their province, its communes and (for history) the districts
    of before 1 July 2025 that roll up to it; a commune officer their commune; a national account every unit."""
    units = Area.objects.filter(era=Area.Era.CURRENT)
    provinces = units.filter(level=Area.Level.PROVINCE)
    communes = units.filter(level=Area.Level.COMMUNE)
    picked = (
        Q(pk__in=scope.in_area(user, provinces, "pk").values("pk"))
        | Q(pk__in=scope.in_area(user, communes, "pk").values("pk"))
        | Q(pk__in=scope.in_area(user, communes, "parent_id").values("pk"))
    )
    if districts:
        legacy = Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.DISTRICT)
        picked |= Q(pk__in=scope.in_area(user, legacy, "current_province_id").values("pk"))
    return Area.objects.filter(picked).select_related("parent").order_by("-level", "era", "name")


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_current:
            return obj.name
        return _("%(name)s (trước 01/07/2025)") % {"name": obj}


def years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 2, 2018, -1)]


class PlanForm(forms.Form):
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=years)
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), choices=Indicator.choices)
    target = forms.IntegerField(label=_("Kế hoạch"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)


class PlanFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=years, required=False)
    indicator = forms.ChoiceField(
        label=_("Chỉ tiêu"), choices=[("", _("Mọi chỉ tiêu")), *Indicator.choices], required=False
    )


class SplitChoiceForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=years)
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"), choices=Indicator.choices)


class SharesForm(forms.Form):
    """One number per commune of the province; a field left empty removes that commune's share."""

    def __init__(self, *args, communes, initial_shares, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes
        for commune in communes:
            self.fields[f"c{commune.pk}"] = forms.IntegerField(
                label=commune.name,
                required=False,
                min_value=0,
                max_value=10_000_000,
                initial=initial_shares.get(commune.pk),
            )

    def shares(self) -> dict:
        return {commune: self.cleaned_data[f"c{commune.pk}"] for commune in self.communes}

    def rows(self):
        return [(commune, self[f"c{commune.pk}"]) for commune in self.communes]


class FundingForm(forms.ModelForm):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none())
    application = forms.ModelChoiceField(
        label=_("Hồ sơ (nếu hỗ trợ cho một hồ sơ)"), queryset=Application.objects.none(), required=False
    )

    class Meta:
        model = Funding
        fields = ["producer", "application", "amount", "source", "purpose", "granted_on"]
        widgets = {"granted_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.visible_to(user)
        self.fields["application"].queryset = Application.objects.visible_to(user).select_related("product")
        self.fields["application"].label_from_instance = lambda a: f"{a.code} – {a.product.name}"
        self.fields["source"].choices = FundingSource.choices
        if self.instance.pk:
            self.fields["producer"].disabled = True


class ConsultantForm(forms.ModelForm):
    class Meta:
        model = Consultant
        fields = ["kind", "name", "organisation", "expertise", "phone", "email"]


class AssignmentForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none(), required=False)
    area = AreaChoiceField(label=_("Hoặc cả địa bàn"), queryset=Area.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Nội dung tư vấn"), required=False, max_length=500)

    def __init__(self, *args, consultant, **kwargs):
        super().__init__(*args, **kwargs)
        province = consultant.province_id
        self.fields["producer"].queryset = Producer.objects.filter(current_province_id=province)
        self.fields["area"].queryset = Area.objects.filter(
            Q(pk=province)
            | Q(era=Area.Era.CURRENT, level=Area.Level.COMMUNE, parent_id=province)
            | Q(era=Area.Era.LEGACY, level=Area.Level.DISTRICT, current_province_id=province)
        ).order_by("-level", "era", "name")

    def clean(self):
        data = super().clean()
        if bool(data.get("producer")) == bool(data.get("area")):
            raise forms.ValidationError(_("Chọn một chủ thể hoặc một địa bàn."))
        return data


class EndAssignmentForm(forms.Form):
    ends_on = forms.DateField(label=_("Kết thúc ngày"), widget=DateInput())


class EventForm(forms.ModelForm):
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())

    class Meta:
        model = Event
        fields = [
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
            "sectors",
            "target_areas",
            "capacity",
            "accepts_applications",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user)
        self.fields["kind"].choices = EventKind.choices
        sectors = Sector.objects.filter(legal_version__effective_to__isnull=True)
        self.fields["sectors"].queryset = sectors.order_by("numeral")
        self.fields["target_areas"].queryset = Area.objects.current().filter(level=Area.Level.PROVINCE)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=[("", _("Mọi loại")), *EventKind.choices], required=False)
    year = forms.TypedChoiceField(
        label=_("Năm"), coerce=int, choices=lambda: [("", _("Mọi năm")), *years()], required=False, empty_value=None
    )


class AttendeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=Attendee.Kind.choices)
    level = forms.ChoiceField(label=_("Cấp (cán bộ)"), choices=[("", "—"), *Attendee.Level.choices], required=False)
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none(), required=False)
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    organisation = forms.CharField(label=_("Đơn vị, chủ thể (khi chưa có)"), max_length=255, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.visible_to(user)

    # Who needs a level, a producer or its name is `programme.domain.add_attendee`'s rule, for the API as well.


class AttendanceImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("Danh sách điểm danh (.xlsx hoặc .csv)"),
        help_text=_("Theo mẫu tải về; tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa nhập"), required=False)

    def clean_sheet(self):
        upload = self.cleaned_data["sheet"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Hãy chọn tệp .xlsx hoặc .csv."))
        if upload.size > min(MAX_SHEET_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            raise forms.ValidationError(_("Tệp lớn quá 5 MB."))
        return upload
