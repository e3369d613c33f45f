"""Assignments and attendees get an opaque code, as the programme's other records have, so that pages and the API
address them without database ids. Existing rows get a fresh random code each before the column turns unique."""

from django.db import migrations, models

import core.codes


def fill_codes(apps, schema_editor):
    for name in ("Assignment", "Attendee"):
        model = apps.get_model("programme", name)
        taken = set(model.objects.exclude(code__isnull=True).values_list("code", flat=True))
        for row in model.objects.filter(code__isnull=True).only("pk"):
            code = core.codes.random_code()
            while code in taken:
                code = core.codes.random_code()
            taken.add(code)
            model.objects.filter(pk=row.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_event_trade_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="code",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="mã"),
        ),
        migrations.AddField(
            model_name="attendee",
            name="code",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="mã"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assignment",
            name="code",
            field=models.CharField(
                default=core.codes.random_code, editable=False, max_length=10, unique=True, verbose_name="mã"
            ),
        ),
        migrations.AlterField(
            model_name="attendee",
            name="code",
            field=models.CharField(
                default=core.codes.random_code, editable=False, max_length=10, unique=True, verbose_name="mã"
            ),
        ),
    ]
