"""The programme's figures at its launch in Luohu (罗湖区大湾区职场导师计划, 14 June 2023): the first
`RateSchedule` row. Code never repeats these numbers: it reads the `RateSchedule` rows, and staff
add later schedules in the admin. The figures are written out here, not imported, so that this
migration does the same on every database whatever the code becomes."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

LAUNCH = dt.date(2023, 6, 14)

LAUNCH_RATES = {
    "career_guidance_rate": Decimal("200.00"),  # 每次补贴200元
    "career_guidance_cap": Decimal("1000.00"),  # 单名学员补贴累计不超过1000元
    "internship_guidance_rate": Decimal("100.00"),  # 每天100元
    "internship_guidance_cap": Decimal("2000.00"),  # 单名学员补贴累计不超过2000元
    "referral_first_amount": Decimal("1000.00"),  # 就业参保1个月的按每人1000元补贴
    "referral_first_months": 1,
    "referral_further_amount": Decimal("4000.00"),  # 在该单位参保6个月以上的按每人4000元追加补贴
    "referral_further_months": 6,
    "public_welfare_rate": Decimal("1000.00"),  # 接受人社部门邀请参加...公益活动,补贴每次1000元
    "note": "罗湖区大湾区职场导师计划 (2023-06-14)",
}


def create_launch_rates(RateSchedule, using="default"):  # noqa: N803 - a model class
    """The launch schedule, unless the table already has a schedule."""
    if not RateSchedule.objects.using(using).exists():
        RateSchedule.objects.using(using).get_or_create(effective_from=LAUNCH, defaults=LAUNCH_RATES)


def load_default_rates(apps, schema_editor):
    create_launch_rates(apps.get_model("mentorship", "RateSchedule"), schema_editor.connection.alias)


def remove_default_rates(apps, schema_editor):
    RateSchedule = apps.get_model("mentorship", "RateSchedule")  # noqa: N806
    RateSchedule.objects.using(schema_editor.connection.alias).filter(effective_from=LAUNCH).delete()


class Migration(migrations.Migration):
    dependencies = [("mentorship", "0001_initial")]

    operations = [migrations.RunPython(load_default_rates, remove_default_rates)]
