"""`MentorEntitlement.claimed`: what each mentor has been approved under gba-mentor subsidy claims
(approved or paid), filled from the claims approved before the field existed. From now on the
subsidies app sets it in its approval transaction (`mentorship.services.entitlement_claimed_set`).

A migration may read another app's table: this one reads the subsidies claims once, as they are
at its latest migration here; the code of the mentorship app never does."""

import datetime as dt
from decimal import Decimal

from django.db import migrations, models
from django.db.models import Sum

GBA_MENTOR = "gba-mentor"
APPROVED_STATES = ("approved", "paid")  # subsidies.models.APPROVED_STATES when this was written
# A row created here for a mentor with claims but no stored entitlement yet: computed "never", so
# the page says it is being recomputed until the recomputation (on the next change, or nightly)
# writes its amounts.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def fill_claimed(apps, schema_editor):
    db = schema_editor.connection.alias
    Claim = apps.get_model("subsidies", "Claim")
    Mentor = apps.get_model("mentorship", "Mentor")
    MentorEntitlement = apps.get_model("mentorship", "MentorEntitlement")
    totals = dict(
        Claim.objects.using(db)
        .filter(scheme__code=GBA_MENTOR, state__in=APPROVED_STATES)
        .order_by()
        .values("applicant_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("applicant_id", "total")
    )
    for mentor_id, user_id in Mentor.objects.using(db).filter(user_id__in=totals).values_list("pk", "user_id"):
        claimed = totals[user_id] or Decimal("0")
        updated = MentorEntitlement.objects.using(db).filter(mentor_id=mentor_id).update(claimed=claimed)
        if not updated:
            MentorEntitlement.objects.using(db).create(mentor_id=mentor_id, claimed=claimed, computed_at=NEVER)


def clear_claimed(apps, schema_editor):
    apps.get_model("mentorship", "MentorEntitlement").objects.using(schema_editor.connection.alias).update(
        claimed=Decimal("0")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0005_service_changed_at"),
        ("subsidies", "0004_free_text_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorentitlement",
            name="claimed",
            field=models.DecimalField(
                db_default=Decimal("0"),
                decimal_places=2,
                default=Decimal("0"),
                max_digits=12,
                verbose_name="already claimed",
            ),
        ),
        migrations.AddConstraint(
            model_name="mentorentitlement",
            constraint=models.CheckConstraint(
                condition=models.Q(("claimed__gte", 0)), name="mentorship_claimed_not_negative"
            ),
        ),
        migrations.RunPython(fill_claimed, clear_claimed),
    ]
