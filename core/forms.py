from django import forms
from django.core.exceptions import ValidationError


def add_domain_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a domain function's ValidationError on the form: on its field when the form has that field,
    otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy (the browser's date picker would impose its own locale's format)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )
