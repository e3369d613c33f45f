from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from core.forms import DateInput

from .tokens import WriteScope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=100, help_text=_("Ứng dụng hoặc việc dùng mã này."))
    expires_on = forms.DateField(label=_("Hết hạn ngày"), widget=DateInput, help_text=_("Tối đa một năm."))
    scopes = forms.MultipleChoiceField(
        label=_("Quyền ghi"),
        choices=WriteScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn quyền nào: mã chỉ được đọc."),
    )

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            del self.fields["scopes"]


class ServiceAccountForm(forms.Form):
    username = forms.CharField(label=_("Tên tài khoản"), max_length=150)
    purpose = forms.CharField(label=_("Mục đích tích hợp"), max_length=200)
    province = forms.ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE),
        required=False,
    )

    def __init__(self, *args, choose_province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_province:
            del self.fields["province"]
