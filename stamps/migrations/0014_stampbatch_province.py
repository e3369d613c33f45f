"""A stamp batch keeps its product's producer's province today (issue 14: a province's batch list read from an
index, `stampbatch_province_list`, instead of joining the producers and sorting the province's batches). Existing
batches are given it by one UPDATE from their producers; 0015 then makes it required and adds the index (apart:
on PostgreSQL a table whose foreign key was just written cannot be altered in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    StampBatch = apps.get_model("stamps", "StampBatch")
    Producer = apps.get_model("producers", "Producer")
    today = Producer.objects.filter(products=OuterRef("product_id")).values("current_province_id")[:1]
    StampBatch.objects.update(province_id=Subquery(today))


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_former_unit_proxy"),
        ("producers", "0004_list_order_indexes"),
        ("stamps", "0013_stamp_sheet_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="stampbatch",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.area",
                verbose_name="tỉnh hiện nay",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
