"""The nightly rollup refresh (`manage.py refresh_rollups`) killed with SIGKILL in its second batch of products,
after that batch's old rows were deleted and before the new ones were written. Every product's figures are then
either as they were or as they are now (the first batch new, the second old), never missing; run again, the
tables equal a fresh recompute."""

from django.db.models import Model

from history.models import CouncilLevel, ResultKind
from reports import rollups
from reports.models import AreaMonth, CertificateFigure, ProductDay
from reports.tests import factories

PRODUCTS = rollups.BATCH + 100
SECOND_BATCH_CLEARED = r'DELETE FROM "reports_certificatefigure"'


def rows(model: type[Model]) -> list[tuple]:
    fields = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
    return sorted(model.objects.values_list(*fields), key=repr)


def per_product() -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {}
    for row in rows(ProductDay):
        found.setdefault(row[0], []).append(row)
    return found


def tables() -> dict[str, list[tuple]]:
    return {model.__name__: rows(model) for model in (ProductDay, CertificateFigure, AreaMonth)}


def test_rollup_refresh_killed_mid_way_leaves_each_product_whole_and_a_rerun_equals_a_recompute(
    world, commune_x, criteria_set
):
    assert [f.name for f in ProductDay._meta.concrete_fields][1] == "product"
    items = factories.products(
        factories.producers(PRODUCTS, area=commune_x), criteria_set=criteria_set, serial_area=commune_x
    )
    past = {"area": commune_x, "version": "QD148_2023", "level": CouncilLevel.PROVINCE}
    factories.past_results(items, year=2023, result=ResultKind.THREE, **past)
    rollups.refresh_all(full=True)
    before = per_product()
    # A new year of results, written without the signals (as a bulk load would): the figures are now stale.
    factories.past_results(items, year=2024, result=ResultKind.FOUR, **past)
    world.publish()
    world.run_until_paused(lambda **kw: world.manage("refresh_rollups", **kw), sql=SECOND_BATCH_CLEARED, after=2)

    world.collect()
    after_kill = per_product()
    ids = sorted(p.pk for p in items)
    first, second = ids[: rollups.BATCH], ids[rollups.BATCH :]
    assert all(len(after_kill[pk]) == 2 for pk in first)  # refreshed: 2023 and 2024
    assert all(after_kill[pk] == before[pk] for pk in second)  # as they were, not emptied

    world.finish(world.manage("refresh_rollups"))
    world.collect()
    rerun = tables()
    rollups.refresh_all(full=True)
    assert rerun == tables()
    assert len(rerun["ProductDay"]) == 2 * PRODUCTS
