"""What every rollup writer shares: the dimensions of a product's rows, and the record of a refresh's run."""

import datetime

from django.utils import timezone

from .models import RefreshState


def dimensions(product: dict) -> dict:
    """The dimensions of a rollup row, from a product read with its producer and criteria set."""
    return {
        "product_id": product["pk"],
        "producer_id": product["producer_id"],
        "producer_kind": product["producer__kind"],
        "criteria_set_id": product["criteria_set_id"],
        "group_id": product["criteria_set__group_id"],
        "sector_id": product["criteria_set__group__sector_id"],
    }


def mark_refreshed(name: str, *, watermark: datetime.date | None = None) -> None:
    values = {"refreshed_at": timezone.now()}
    if watermark is not None:
        values["watermark"] = watermark
    RefreshState.objects.update_or_create(name=name, defaults=values)
