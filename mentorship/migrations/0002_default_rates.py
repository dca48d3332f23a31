"""The Luohu launch figures of the GBA Workplace Mentor Programme (大湾区职场导师计划, June 2023)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

LAUNCH = date(2023, 6, 14)  # the programme was launched in Luohu on 14 June 2023


def load_default_rates(apps, schema_editor):
    RateSchedule = apps.get_model("mentorship", "RateSchedule")
    RateSchedule.objects.get_or_create(
        effective_from=LAUNCH,
        defaults={
            "career_guidance_rate": Decimal("200.00"),
            "career_guidance_cap": Decimal("1000.00"),
            "internship_guidance_rate": Decimal("100.00"),
            "internship_guidance_cap": Decimal("2000.00"),
            "referral_first_amount": Decimal("1000.00"),
            "referral_first_months": 1,
            "referral_further_amount": Decimal("4000.00"),
            "referral_further_months": 6,
            "public_welfare_rate": Decimal("1000.00"),
            "note": "罗湖区大湾区职场导师计划 (2023-06-14)",
        },
    )


def remove_default_rates(apps, schema_editor):
    apps.get_model("mentorship", "RateSchedule").objects.filter(effective_from=LAUNCH).delete()


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0001_initial")]

    operations = [migrations.RunPython(load_default_rates, remove_default_rates)]
