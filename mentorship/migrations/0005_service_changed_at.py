"""When each service was logged or last changed (its insured months): a stored entitlement older
than that is being recomputed (mentorship.selectors)."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def services_changed_when_logged(apps, schema_editor):
    """The services logged before: last changed when they were logged (the stored entitlements
    computed since then count them, so none reads as being recomputed)."""
    Service = apps.get_model("mentorship", "Service")
    Service.objects.using(schema_editor.connection.alias).update(changed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0004_events_without_free_text")]

    operations = [
        migrations.AddField(
            model_name="service",
            name="changed_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="last changed at"),
        ),
        migrations.RunPython(services_changed_when_logged, migrations.RunPython.noop),
    ]
