from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Theo mẫu tải về; tối đa 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hãy chọn tệp .xlsx."))
        if upload.size > min(MAX_IMPORT_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            raise forms.ValidationError(_("Tệp lớn quá 5 MB."))
        return upload
