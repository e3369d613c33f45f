"""Forms of the areas app: the public search filters and the commune picker that other apps' forms reuse."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .models import Area


def current_provinces() -> list[Area]:
    """Today's 34 provinces, in alphabetical order of their short names ("An Giang" … "Vĩnh Long")."""
    provinces = Area.objects.current().filter(level=Area.Level.PROVINCE)
    return sorted(provinces, key=lambda p: (fold(p.short_name), p.short_name))


def communes_of(province: Area) -> list[Area]:
    """Today's communes of a province, alphabetical by their short names (the type comes first in the name)."""
    communes = Area.objects.current().filter(level=Area.Level.COMMUNE, parent=province)
    return sorted(communes, key=lambda c: (fold(c.short_name), c.short_name, c.code))


def _split(value) -> tuple:
    """The picker's value is [province, commune] when it comes from submitted data, a commune pk otherwise."""
    if isinstance(value, list | tuple):
        return (value[0], value[1]) if len(value) == 2 else (None, None)
    return None, value


def _as_pk(value) -> int | None:
    value = getattr(value, "pk", value)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


class CommunePickerWidget(forms.Widget):
    """Two labelled selects: today's province, then a commune of that province.

    The commune select carries the field's name; the province select is `<name>_province` and, through
    htmx, reloads the commune options when it changes. Without JavaScript the page still works: the commune
    list is rendered on the server for the province that is selected (or submitted)."""

    template_name = "areas/widgets/commune_picker.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        # The record's own commune when it is a unit from before 1 July 2025 (set by CommuneChoiceField).
        self.kept_pk: int | None = None

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_province"), data.get(name)]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_province" not in data

    def id_for_label(self, id_):
        # Like RadioSelect: the field's label becomes the fieldset's legend, which takes no `for`; each select
        # has its own label inside the widget.
        return ""

    def format_value(self, value):
        _province, commune = _split(value)
        pk = _as_pk(commune)
        return None if pk is None else str(pk)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        province_value, commune_value = _split(value)
        commune_pk = _as_pk(commune_value)
        commune = None
        if commune_pk is not None:
            commune = (
                Area.objects.select_related("parent__parent").filter(pk=commune_pk, level=Area.Level.COMMUNE).first()
            )
            if commune is not None and not commune.is_current and commune.pk != self.kept_pk:
                commune = None
        provinces = current_provinces()
        wanted = _as_pk(province_value)
        if wanted is None and commune is not None:
            wanted = commune.current_province_id
        province = next((p for p in provinces if p.pk == wanted), None)
        commune_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["attrs"]["id"] = commune_id
        context["widget"].update(
            {
                "province_name": f"{name}_province",
                "province_id": f"{commune_id}_province",
                "provinces": provinces,
                "province": province,
                "communes": communes_of(province) if province else [],
                "selected_pk": commune.pk if commune else None,
                "legacy": commune
                if commune is not None and not commune.is_current and commune.current_province_id == wanted
                else None,
            }
        )
        return context


class CommuneChoiceField(forms.ModelChoiceField):
    """A commune of today, picked province first. The cleaned value is the `Area`.

    A record that already sits on a commune from before 1 July 2025 keeps it: that unit (the form's initial
    value) is offered as its own option and accepted, so the record can be edited without moving it."""

    widget = CommunePickerWidget
    default_error_messages = {
        "required": _("Hãy chọn xã/phường."),
        "invalid_choice": _("Hãy chọn xã/phường trong danh sách."),
        "wrong_province": _("Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn. Hãy chọn lại xã/phường."),
    }

    def __init__(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Area.objects.current().filter(level=Area.Level.COMMUNE)
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.kept_pk: int | None = None

    def get_bound_field(self, form, field_name):
        # The form is known only here: remember its initial commune so it stays a valid choice.
        self.kept_pk = _as_pk(form.get_initial_for_field(self, field_name))
        self.widget.kept_pk = self.kept_pk
        return super().get_bound_field(form, field_name)

    def to_python(self, value):
        _province, commune = _split(value)
        if commune in self.empty_values:
            return None
        pk = _as_pk(commune)
        queryset = self.queryset
        if pk is not None and pk == self.kept_pk:
            queryset = Area.objects.filter(level=Area.Level.COMMUNE)
        try:
            return queryset.select_related("parent__parent").get(pk=pk)
        except (ValueError, TypeError, Area.DoesNotExist):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def clean(self, value):
        area = super().clean(value)
        province, _commune = _split(value)
        if area is not None and province not in self.empty_values and _as_pk(province) != area.current_province_id:
            raise ValidationError(self.error_messages["wrong_province"], code="wrong_province")
        return area

    def has_changed(self, initial, data):
        return super().has_changed(initial, _split(data)[1])


class AreaSearchForm(forms.Form):
    """Filters of the public search page. Every filter is optional."""

    ERA_CHOICES = [
        ("", _("Cả hai thời kỳ")),
        (Area.Era.CURRENT, _("Hiện nay (từ 01/07/2025)")),
        (Area.Era.LEGACY, _("Trước 01/07/2025")),
    ]

    q = forms.CharField(label=_("Tên hoặc mã đơn vị"), required=False, max_length=100)
    era = forms.ChoiceField(label=_("Thời kỳ"), required=False, choices=ERA_CHOICES)
    level = forms.ChoiceField(label=_("Cấp"), required=False, choices=[("", _("Mọi cấp")), *Area.Level.choices])
