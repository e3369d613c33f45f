"""The batch's province, filled by 0014, is required; a province's list reads its batches in order from its index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stamps", "0014_stampbatch_province"),
    ]

    operations = [
        migrations.AlterField(
            model_name="stampbatch",
            name="province",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.area",
                verbose_name="tỉnh hiện nay",
            ),
        ),
        migrations.AddIndex(
            model_name="stampbatch",
            index=models.Index(fields=["province", "created_at", "id"], name="stampbatch_province_list"),
        ),
    ]
