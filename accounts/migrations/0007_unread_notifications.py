# Each person's count of unread notifications, kept on their row for the header (accounts.services);
# counted here once from the notifications already sent.

from django.db import migrations, models
from django.db.models import Count, Q


def count_unread(apps, schema_editor):
    db = schema_editor.connection.alias
    User = apps.get_model("accounts", "User")
    counts = (
        apps.get_model("accounts", "Notification")
        .objects.using(db)
        .filter(read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("pk", filter=Q(read_at__isnull=True)))
    )
    for row in counts:
        User.objects.using(db).filter(pk=row["recipient_id"]).update(unread_notifications=row["unread"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_service_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notifications",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="unread notifications"),
        ),
        migrations.RunPython(count_unread, migrations.RunPython.noop),
    ]
