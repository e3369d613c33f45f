from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventType


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=100, help_text=_("Ví dụ: Sàn thương mại điện tử X"))
    url = forms.URLField(
        label=_("Địa chỉ nhận (URL)"), max_length=500, assume_scheme="https", help_text=_("Phải dùng https://")
    )
    events = forms.MultipleChoiceField(
        label=_("Sự kiện"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
