# Notifications written in every language when sent, read in the page's language (issue 14).
from django.db import migrations, models


def as_sent(apps, schema_editor):
    """A notification sent before this was written in one language: it reads so in all three."""
    Notification = apps.get_model("accounts", "Notification")
    rows = Notification.objects.using(schema_editor.connection.alias)
    rows.update(
        **{f"{field}_{lang}": models.F(field) for field in ("subject", "body") for lang in ("zh_hant", "zh_hans", "en")}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_unread_notifications'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='body_en',
            field=models.TextField(null=True, verbose_name='message'),
        ),
        migrations.AddField(
            model_name='notification',
            name='body_zh_hans',
            field=models.TextField(null=True, verbose_name='message'),
        ),
        migrations.AddField(
            model_name='notification',
            name='body_zh_hant',
            field=models.TextField(null=True, verbose_name='message'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_en',
            field=models.CharField(max_length=300, null=True, verbose_name='subject'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_zh_hans',
            field=models.CharField(max_length=300, null=True, verbose_name='subject'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_zh_hant',
            field=models.CharField(max_length=300, null=True, verbose_name='subject'),
        ),
        migrations.RunPython(as_sent, migrations.RunPython.noop),
    ]
