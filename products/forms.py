from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from criteria.loading import CURRENT_VERSION
from criteria.models import CriteriaSet
from producers.models import Producer

from .domain import EDITABLE_FIELDS, IP_TITLE_FIELDS
from .models import IntellectualProperty, Product


class CriteriaSetField(forms.ModelChoiceField):
    """The 26 criteria sets of the current legal version, labelled with their Phụ lục I code and sector."""

    def __init__(self, **kwargs):
        queryset = CriteriaSet.objects.filter(legal_version__code=CURRENT_VERSION).select_related("group__sector")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: CriteriaSet) -> str:
        return f"{obj.number}. {obj.localized_name} ({obj.code} — {obj.group.sector.localized_name})"


class ProductForm(forms.ModelForm):
    criteria_set = CriteriaSetField(label=_("Bộ sản phẩm (Phụ lục I, QĐ 26/2026)"))

    class Meta:
        model = Product
        fields = list(EDITABLE_FIELDS)
        widgets = {"food_safety_certificate_expires_on": DateInput()}

    def _post_clean(self):
        # Model-level checks (GTIN check digit, producer type vs. criteria set) run in the domain function.
        pass

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NewProductForm(ProductForm):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none())

    field_order = ["producer"]

    def __init__(self, *args, producers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Ảnh sản phẩm"),
        help_text=_("JPEG, PNG hoặc WebP, tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=255)


class IntellectualPropertyForm(forms.ModelForm):
    class Meta:
        model = IntellectualProperty
        fields = list(IP_TITLE_FIELDS)
        widgets = {"issued_on": DateInput()}


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    criteria_set = CriteriaSetField(label=_("Bộ sản phẩm"), required=False)
