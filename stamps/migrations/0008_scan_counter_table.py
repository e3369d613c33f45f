# The scan counter leaves the stamps table for a narrow table of its own (`ScanCounter`): a check no longer
# updates a row of the wide stamps table. Existing counts move across before the two columns are dropped.

import django.db.models.deletion
from django.db import migrations, models


def move_counts(apps, schema_editor):
    """One ScanCounter row per stamp ever checked, with its count and first check (the first ScanEvent, or
    now, for a count without a recorded time)."""
    Stamp = apps.get_model("stamps", "Stamp")
    ScanEvent = apps.get_model("stamps", "ScanEvent")
    ScanCounter = apps.get_model("stamps", "ScanCounter")
    quote = schema_editor.connection.ops.quote_name
    counter, stamp, scan = (quote(model._meta.db_table) for model in (ScanCounter, Stamp, ScanEvent))
    schema_editor.execute(
        f"INSERT INTO {counter} (stamp_id, count, first_scanned_at) "  # noqa: S608 (names from the models)
        f"SELECT s.id, s.scan_count, COALESCE(s.first_scanned_at, "
        f"(SELECT MIN(e.scanned_at) FROM {scan} e WHERE e.stamp_id = s.id), CURRENT_TIMESTAMP) "
        f"FROM {stamp} s WHERE s.scan_count > 0"
    )


def move_counts_back(apps, schema_editor):
    Stamp = apps.get_model("stamps", "Stamp")
    ScanCounter = apps.get_model("stamps", "ScanCounter")
    quote = schema_editor.connection.ops.quote_name
    counter, stamp = quote(ScanCounter._meta.db_table), quote(Stamp._meta.db_table)
    schema_editor.execute(
        f"UPDATE {stamp} SET scan_count = (SELECT c.count FROM {counter} c WHERE c.stamp_id = {stamp}.id), "  # noqa: S608
        f"first_scanned_at = (SELECT c.first_scanned_at FROM {counter} c WHERE c.stamp_id = {stamp}.id) "
        f"WHERE id IN (SELECT stamp_id FROM {counter})"
    )


def leave_room_for_updates(apps, schema_editor):
    # Every check rewrites its stamp's row: with room left on each page PostgreSQL keeps the new version on the
    # same page (a HOT update, no index entry), so a check dirties one page of this table and nothing else.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE stamps_scancounter SET (fillfactor = 80)")


class Migration(migrations.Migration):

    dependencies = [
        ("stamps", "0007_fakereport_status_moved_to_inbox"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScanCounter",
            fields=[
                (
                    "stamp",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="counter",
                        serialize=False,
                        to="stamps.stamp",
                    ),
                ),
                ("count", models.PositiveIntegerField()),
                ("first_scanned_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "số lượt kiểm tra tem",
                "verbose_name_plural": "số lượt kiểm tra tem",
            },
        ),
        migrations.RunPython(leave_room_for_updates, migrations.RunPython.noop),
        migrations.RunPython(move_counts, move_counts_back),
        migrations.RemoveField(model_name="stamp", name="first_scanned_at"),
        migrations.RemoveField(model_name="stamp", name="scan_count"),
    ]
