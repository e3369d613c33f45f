import pytest
from django.core.exceptions import ValidationError

from producers.validators import enterprise_check_digit, normalise_tax_code, validate_tax_code


@pytest.mark.parametrize("code", ["0100107518", "0100109106", "0300588569", "0101243150"])
def test_enterprise_tax_code_with_right_check_digit_is_valid(code):
    validate_tax_code(code)


@pytest.mark.parametrize("code", ["0100107519", "0100109100", "0300588561"])
def test_enterprise_tax_code_with_wrong_check_digit_is_refused_in_vietnamese(code):
    with pytest.raises(ValidationError) as error:
        validate_tax_code(code)
    assert error.value.code == "tax_code_check_digit"
    assert "sai chữ số kiểm tra" in error.value.messages[0]


def test_check_digit_of_nine_digits_matches_known_codes():
    assert enterprise_check_digit("010010751") == 8
    assert enterprise_check_digit("030058856") == 9


def test_branch_code_is_normalised_to_ten_dash_three():
    assert normalise_tax_code("0100107518001") == "0100107518-001"
    assert normalise_tax_code(" 0100 107 518-002 ") == "0100107518-002"
    validate_tax_code("0100107518-001")


def test_branch_code_needs_a_valid_parent_and_a_nonzero_suffix():
    with pytest.raises(ValidationError):
        validate_tax_code("0100107519-001")
    with pytest.raises(ValidationError) as error:
        validate_tax_code("0100107518-000")
    assert error.value.code == "tax_code_branch"


def test_personal_identification_number_needs_a_real_province_prefix():
    validate_tax_code("001190012345")  # Hà Nội
    validate_tax_code("037301234567")  # Ninh Bình
    with pytest.raises(ValidationError) as error:
        validate_tax_code("003190012345")  # 003 was never a province code
    assert error.value.code == "personal_id_province"


@pytest.mark.parametrize("code", ["", "12345", "01001075181", "ABCDEFGHIJ", "01001075-18"])
def test_malformed_tax_code_is_refused_with_the_accepted_shapes(code):
    with pytest.raises(ValidationError) as error:
        validate_tax_code(code)
    assert error.value.code == "tax_code_format"
    assert "10 chữ số" in error.value.messages[0]
