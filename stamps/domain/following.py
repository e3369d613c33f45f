"""A batch's province is its product's producer's province today (`StampBatch.province`, what a province's list
is read by). It is set when the batch is ordered, and follows the producer here when the producer moves: after
every save of a producer (a receiver, `stamps.apps`) and after a history import updates producers in bulk
(`history.domain.applying`), which sends no signal. It is derived, as the producer's own `current_province`
is: the move is audited on the producer, not again on each of its batches."""

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from producers.models import Producer

from ..models import StampBatch


def province_of(product) -> int:
    """The province a new batch of `product` belongs to."""
    return product.producer.current_province_id


def follow_producers(producer_ids: Iterable[int]) -> int:
    """Give the batches of these producers' products their producers' province today, where it changed: one
    UPDATE. Returns how many batches moved."""
    ids = list(producer_ids)
    if not ids:
        return 0
    today = Producer.objects.filter(products=OuterRef("product_id")).values("current_province_id")[:1]
    moved = StampBatch.objects.filter(product__producer_id__in=ids).exclude(province_id=Subquery(today))
    return moved.update(province_id=Subquery(today))


def follow_saved_producer(sender, instance: Producer, raw: bool = False, **kwargs) -> None:
    """`post_save` of a producer: its batches follow it (no query beyond one UPDATE, matching no row unless it
    moved). Not while loading fixtures (`raw`)."""
    if not raw:
        follow_producers([instance.pk])
