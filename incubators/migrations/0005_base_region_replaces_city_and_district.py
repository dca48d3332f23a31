# The city and district strings of the bases (and of their history rows) are read from their
# Region now (0004 copied them there): the columns go, and every base must have a region. The
# first four operations give the strings a default only so that migrating backwards can add the
# columns back to existing rows before 0004 fills them in again.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incubators', '0004_base_region_from_names'),
        ('portal', '0003_region'),
    ]

    operations = [
        *[
            migrations.AlterField(
                model_name=model,
                name=name,
                field=models.CharField(default="", max_length=60, verbose_name=name),
            )
            for model in ("base", "historicalbase")
            for name in ("city", "district")
        ],
        migrations.AlterModelOptions(
            name='base',
            options={'ordering': ['name', 'id'], 'verbose_name': 'base', 'verbose_name_plural': 'bases'},
        ),
        migrations.RemoveField(
            model_name='base',
            name='city',
        ),
        migrations.RemoveField(
            model_name='base',
            name='city_en',
        ),
        migrations.RemoveField(
            model_name='base',
            name='city_zh_hans',
        ),
        migrations.RemoveField(
            model_name='base',
            name='city_zh_hant',
        ),
        migrations.RemoveField(
            model_name='base',
            name='district',
        ),
        migrations.RemoveField(
            model_name='base',
            name='district_en',
        ),
        migrations.RemoveField(
            model_name='base',
            name='district_zh_hans',
        ),
        migrations.RemoveField(
            model_name='base',
            name='district_zh_hant',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='city',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='city_en',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='city_zh_hans',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='city_zh_hant',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='district',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='district_en',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='district_zh_hans',
        ),
        migrations.RemoveField(
            model_name='historicalbase',
            name='district_zh_hant',
        ),
        migrations.AlterField(
            model_name='base',
            name='region',
            field=models.ForeignKey(help_text="The base's district (or zone), or its city when no district is known.", on_delete=django.db.models.deletion.PROTECT, related_name='bases', to='portal.region', verbose_name='where'),
        ),
    ]
