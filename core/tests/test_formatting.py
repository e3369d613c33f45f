from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formatting import points


@pytest.mark.parametrize(("language", "expected"), [("vi", "94,60"), ("en", "94.60")])
def test_points_writes_two_decimals_with_the_languages_separator(language, expected):
    with translation.override(language):
        assert points(Decimal("94.6")) == expected


def test_points_cuts_the_third_decimal_as_the_scoring_engine_shows_means():
    with translation.override("vi"):
        assert points(Decimal("89.996667")) == "89,99"


def test_points_accepts_the_stored_text_of_a_mean():
    with translation.override("vi"):
        assert points("78.6") == "78,60"


def test_points_filter_writes_a_mean_in_a_template():
    with translation.override("vi"):
        html = Template("{% load numbers %}{{ mean|points }}").render(Context({"mean": Decimal("89.200000")}))
    assert html == "89,20"


@pytest.mark.parametrize(("value", "expected"), [(Decimal("10.00"), "10"), (Decimal("7.5"), "7,50")])
def test_points_trimmed_drops_the_decimals_of_a_whole_number(value, expected):
    with translation.override("vi"):
        assert points(value, trim=True) == expected
