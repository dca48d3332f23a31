# Region now belongs to the portal app (portal/migrations/0003_region.py); its table stays.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("portal", "0003_region"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="policy",
                    name="region",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="policies",
                        to="portal.region",
                        verbose_name="where it applies",
                    ),
                ),
                migrations.DeleteModel(name="Region"),
            ],
        ),
    ]
