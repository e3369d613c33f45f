from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .domain import add_former_unit, validate_former_unit
from .models import Area, FormerUnit


class FormerUnitForm(forms.ModelForm):
    """A former commune: its name, code if known, district and the resolution that merged it into another."""

    code = forms.CharField(label=_("mã"), required=False, max_length=5, help_text=_("Để trống nếu không biết"))
    parent = forms.ModelChoiceField(
        label=_("quận/huyện"),
        queryset=Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.DISTRICT).select_related("parent"),
    )
    merged_into = forms.ModelChoiceField(
        label=_("sáp nhập vào"),
        queryset=Area.objects.filter(era=Area.Era.LEGACY, level=Area.Level.COMMUNE).select_related("parent__parent"),
        help_text=_("Xã/phường (thời kỳ trước 01/07/2025) đã nhận đơn vị này"),
    )
    merger_date = forms.DateField(label=_("ngày nghị quyết sáp nhập"))

    class Meta:
        model = FormerUnit
        fields = ["name", "code", "parent", "merged_into", "merger_resolution", "merger_date"]

    def _post_clean(self):
        # The rules are the domain's (areas.domain.validate_former_unit); its errors come back on the fields.
        if self.errors:
            return
        arguments = _arguments(self.cleaned_data)
        arguments.pop("resolution_date")
        try:
            validate_former_unit(**arguments)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)


@admin.register(FormerUnit)
class FormerUnitAdmin(admin.ModelAdmin):
    """System administrators (staff with the areas permissions) add the communes merged before 2025 that the
    official data set lacks. A unit once added is kept as it is: records point at it."""

    form = FormerUnitForm
    list_display = ["name", "code", "parent", "merged_into", "merger_resolution", "merger_date"]
    search_fields = ["name", "code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        unit = add_former_unit(**_arguments(form.cleaned_data), by=request.user)
        obj.pk = unit.pk


def _arguments(data) -> dict:
    return {
        "name": data["name"],
        "code": data.get("code") or "",
        "district": data["parent"],
        "merged_into": data["merged_into"],
        "resolution": data.get("merger_resolution") or "",
        "resolution_date": data["merger_date"],
    }
