"""The counter says whether a located check of its stamp was judged suspicious, so that a check reads it with
the count instead of probing every month's partition of the scan log. Filled from the log once."""

from django.db import migrations, models


def flag_from_scan_log(apps, schema_editor):
    ScanCounter = apps.get_model("stamps", "ScanCounter")
    ScanEvent = apps.get_model("stamps", "ScanEvent")
    suspicious = ScanEvent.objects.filter(verdict="suspicious", latitude__isnull=False, stamp__isnull=False)
    ScanCounter.objects.filter(stamp_id__in=suspicious.values("stamp_id")).update(flagged=True)


class Migration(migrations.Migration):
    dependencies = [
        ("stamps", "0011_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="scancounter",
            name="flagged",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(flag_from_scan_log, migrations.RunPython.noop),
    ]
