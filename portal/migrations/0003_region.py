# The one Region model moves from the policies app to the portal's (the table keeps its name, so
# nothing changes in the database): guides, bases, places and vacancies all say where they are
# with it.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_audit_entry"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("name_zh_hant", models.CharField(max_length=200, null=True, verbose_name="name")),
                        ("name_zh_hans", models.CharField(max_length=200, null=True, verbose_name="name")),
                        ("name_en", models.CharField(max_length=200, null=True, verbose_name="name")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("city", "City"), ("district", "District"), ("zone", "Zone")],
                                default="city",
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="portal.region",
                                verbose_name="part of",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "region",
                        "verbose_name_plural": "regions",
                        "db_table": "policies_region",
                        "ordering": ["slug"],
                    },
                ),
            ],
        ),
    ]
