"""DRF's own field messages in Vietnamese, the source language of every user-facing string here: DRF's Vietnamese
catalogue holds only a handful of its messages, so an input error would otherwise answer in English."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

MESSAGES = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "invalid": _("Giá trị không hợp lệ."),
    "invalid_choice": _("“{input}” không phải là một lựa chọn hợp lệ."),
    "max_length": _("Tối đa {max_length} ký tự."),
    "min_value": _("Giá trị nhỏ nhất là {min_value}."),
    "max_value": _("Giá trị lớn nhất là {max_value}."),
    "max_string_length": _("Số quá lớn."),
    "not_a_dict": _("Cần một đối tượng JSON (mã → giá trị), không phải “{input_type}”."),
    "not_a_list": _("Cần một danh sách, không phải “{input_type}”."),
    "empty": _("Danh sách không được để trống."),
    "date": _("Cần một ngày, không phải ngày giờ."),
}


class VietnameseFields:
    """For a write serializer: its fields (and nested children) report input errors in Vietnamese."""

    default_error_messages = {"invalid": _("Dữ liệu không hợp lệ: cần một đối tượng JSON, không phải “{datatype}”.")}

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            for one in (field, getattr(field, "child", None)):
                if one is not None:
                    one.error_messages.update({key: MESSAGES[key] for key in one.error_messages if key in MESSAGES})
                    _limits_in_vietnamese(one)
                    if isinstance(one, serializers.DateField):
                        one.error_messages["invalid"] = _("Ngày không hợp lệ: hãy viết theo dạng YYYY-MM-DD.")
        return fields


class VietnameseSerializer(VietnameseFields, serializers.Serializer):
    pass


# The bounds' validators are made with their message when the field is, before `get_fields` can change it.
LIMITS = ((MinValueValidator, "min_value"), (MaxValueValidator, "max_value"), (MaxLengthValidator, "max_length"))


def _limits_in_vietnamese(field) -> None:
    for validator in field.validators:
        for kind, key in LIMITS:
            if type(validator) is kind:
                validator.message = lazy_format(MESSAGES[key], **{key: validator.limit_value})
