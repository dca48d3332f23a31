"""The mentorship events written before hold free text in their detail (the note of a mentor's
approval or rejection, the reason a relationship was ended early): keep ids, codes, dates and
amounts only. The texts themselves stay where they belong, on the mentor (`review_note`) and on
the relationship (`end_reason`), which the pages read."""

from django.db import migrations

FREE_TEXT_KEYS = ("note", "reason")


def drop_free_text(apps, schema_editor):
    MentorshipEvent = apps.get_model("mentorship", "MentorshipEvent")
    events = MentorshipEvent.objects.using(schema_editor.connection.alias)
    for event in events.filter(detail__has_any_keys=FREE_TEXT_KEYS).only("pk", "detail").iterator(chunk_size=500):
        event.detail = {key: value for key, value in event.detail.items() if key not in FREE_TEXT_KEYS}
        event.save(update_fields=["detail"])


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0003_free_text_max_length")]

    operations = [migrations.RunPython(drop_free_text, migrations.RunPython.noop)]
