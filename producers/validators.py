"""Tax and registration numbers that a producer can hold.

- 10 digits: an enterprise or cooperative tax code (mã số thuế); the 10th digit is a check digit.
- 13 digits, written 10-3 ("0101234567-001"): a branch or dependent unit, whose first ten are a valid code.
- 12 digits: a personal identification number (số định danh cá nhân), which households and individuals
  use as their tax code from 1 July 2025: 3-digit province of birth registration, a century-and-gender
  digit, the last two digits of the year of birth and six random digits.
"""

import functools
import re

import vietnamadminunits.database
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CHECK_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


@functools.cache
def personal_id_provinces() -> frozenset[str]:
    """Province codes of the personal identification number (Circular 59/2021/TT-BCA): the 63 former
    provinces' codes, zero-padded to three digits, from the administrative-units data package."""
    rows = vietnamadminunits.database.get_data(fields="provinceCode", table="admin_units_legacy")
    return frozenset(f"0{row['provinceCode']}" for row in rows)


def enterprise_check_digit(first_nine: str) -> int | None:
    """The 10th digit of an enterprise tax code, or None when the first nine admit no valid code."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _CHECK_WEIGHTS, strict=True)) % 11
    digit = 10 - remainder
    return None if digit == 10 else digit % 10


def normalise_tax_code(raw: str) -> str:
    """Strip spaces and dots; write a 13-digit branch code as 10-3."""
    value = re.sub(r"[\s.]", "", raw or "")
    if re.fullmatch(r"\d{13}", value):
        value = f"{value[:10]}-{value[10:]}"
    return value


def validate_tax_code(raw: str) -> None:
    value = normalise_tax_code(raw)
    if re.fullmatch(r"\d{10}", value):
        if enterprise_check_digit(value[:9]) != int(value[9]):
            raise ValidationError(
                _("Mã số thuế %(value)s sai chữ số kiểm tra: hãy kiểm tra lại từng chữ số."),
                code="tax_code_check_digit",
                params={"value": value},
            )
        return
    if re.fullmatch(r"\d{10}-\d{3}", value):
        validate_tax_code(value[:10])
        if value[11:] == "000":
            raise ValidationError(_("Mã đơn vị phụ thuộc không được là 000."), code="tax_code_branch")
        return
    if re.fullmatch(r"\d{12}", value):
        if value[:3] not in personal_id_provinces():
            raise ValidationError(
                _("Số định danh cá nhân %(value)s có mã tỉnh %(province)s không tồn tại."),
                code="personal_id_province",
                params={"value": value, "province": value[:3]},
            )
        return
    raise ValidationError(
        _(
            "Mã số thuế không hợp lệ: nhập 10 chữ số (doanh nghiệp, hợp tác xã), 13 chữ số dạng "
            "0101234567-001 (chi nhánh) hoặc 12 chữ số định danh cá nhân (hộ kinh doanh)."
        ),
        code="tax_code_format",
    )
