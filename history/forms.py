from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Area

from .jobs import EXTENSIONS, max_bytes

ACCEPT = ",".join(
    [f".{e}" for e in EXTENSIONS] + ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"]
)


class ImportForm(forms.Form):
    """The workbook to check; what it is allowed to be (kind, size, not imported before) is
    `history.jobs.upload_job`'s to say."""

    workbook = forms.FileField(
        label=_("Tệp dữ liệu (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = max_bytes() // (1024 * 1024)
        self.fields["workbook"].help_text = _("Theo tệp mẫu tải về; tối đa %(limit)s MB.") % {"limit": megabytes}


class ExportForm(forms.Form):
    """Which province's history to download, for those who may pick one."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Area.objects.filter(era=Area.Era.CURRENT, level=Area.Level.PROVINCE).order_by("name"),
        to_field_name="code",
        empty_label=_("— Chọn tỉnh —"),
    )
