"""The Luohu launch figures of the GBA Workplace Mentor Programme (大湾区职场导师计划, June 2023)."""

from django.db import migrations


def load_default_rates(apps, schema_editor):
    from mentorship.defaults import ensure_default_rates

    ensure_default_rates(apps.get_model("mentorship", "RateSchedule"))


def remove_default_rates(apps, schema_editor):
    from mentorship.defaults import LAUNCH

    apps.get_model("mentorship", "RateSchedule").objects.filter(effective_from=LAUNCH).delete()


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0001_initial")]

    operations = [migrations.RunPython(load_default_rates, remove_default_rates)]
