"""A batch's province is its product's producer's province today (`StampBatch.province`, what a province's list
is read by): set when it is ordered, and following the producer wherever the producer moves, so that seeing a
batch (the list) and acting on it (`can_manage_batch`, read through the product) never disagree."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.scope import covers
from history.domain import apply_plan, check_bundle
from history.reading import read_bundle
from history.tests.factories import province_history, workbook
from producers.domain import update_producer
from producers.models import Producer
from stamps.domain.following import follow_producers
from stamps.models import StampBatch
from stamps.rules import can_manage_batch

from .factories import issued_batch, order


def test_a_batch_is_ordered_in_its_producers_province(batch_a, hanoi):
    assert batch_a.province == hanoi


def test_the_batches_follow_a_producer_moved_to_another_province(
    client, batch_a, certified_a, root, erin, frank, commune_nb, ninh_binh
):
    second = order(certified_a, root, lot="L2611-02")
    update_producer(producer=certified_a.producer, by=root, area=commune_nb)

    for batch in (batch_a, second):
        batch.refresh_from_db()
        assert batch.province == ninh_binh
        assert covers(frank, batch) and can_manage_batch(frank, batch)
        assert not covers(erin, batch) and not can_manage_batch(erin, batch)
    assert set(StampBatch.objects.visible_to(frank)) == {batch_a, second}
    assert not StampBatch.objects.visible_to(erin).exists()
    client.force_login(frank)
    assert batch_a.lot in client.get("/tem/").content.decode()
    client.force_login(erin)
    assert batch_a.lot not in client.get("/tem/").content.decode()


def test_a_producer_saved_in_place_moves_no_batch(batch_a, root, hanoi):
    producer = batch_a.product.producer
    update_producer(producer=producer, by=root, phone="0987654321")
    batch_a.refresh_from_db()
    assert batch_a.province == hanoi
    assert follow_producers([producer.pk]) == 0
    assert follow_producers([]) == 0


def test_a_history_import_that_moves_a_producer_moves_its_batches(batch_a, root, commune_nb, ninh_binh):
    """A history import updates producers in bulk (no post_save): it moves their batches itself."""
    producer = batch_a.product.producer
    sheets = province_history([commune_nb], producers=1, products_each=0)
    row = sheets["producers"][0]
    row.update(tax_code=producer.tax_code, area_code=commune_nb.code, area_era="2025")
    plan = check_bundle(read_bundle(workbook({"producers": [row]}), filename="lich-su.xlsx"), by=root)
    assert plan.problems == []
    summary = apply_plan(plan, by=root)
    assert summary.updated["producers"] == 1
    batch_a.refresh_from_db()
    assert batch_a.province == ninh_binh


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="migrating back and forth inside a test's transaction")
def test_the_migration_gives_existing_batches_their_producers_province(batch_a, certified_b, bob, hanoi, ninh_binh):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses a table with pending checks
    other = issued_batch(certified_b, bob)
    # Producer B in another province by a bare UPDATE (no post_save), so that only the migration can move its batch.
    Producer.objects.filter(pk=certified_b.producer_id).update(current_province=ninh_binh)
    _migrate([("stamps", "0013_stamp_sheet_heartbeat")])
    _migrate([])
    assert dict(StampBatch.objects.values_list("pk", "province")) == {batch_a.pk: hanoi.pk, other.pk: ninh_binh.pk}
