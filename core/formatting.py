"""How numbers are written in text for people: scores in notifications, audit notes and pages."""

from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format

TWO_PLACES = Decimal("0.01")


def points(value, *, trim: bool = False) -> str:
    """A score with two decimals in the active language ("94,60" in Vietnamese, "94.60" in English). The
    third decimal is cut, not rounded, as the scoring engine shows means: a mean of 89.996 never reads 90,00
    beside a 4-star result. `trim` writes a whole number without decimals (a maximum, a regulation's gap)."""
    shown = Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_DOWN)
    places = 0 if trim and shown == shown.to_integral_value() else 2
    return number_format(shown, decimal_pos=places, use_l10n=True)
