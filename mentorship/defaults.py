"""The programme's figures at its launch in Luohu (罗湖区, 14 June 2023): the seed of the first
`RateSchedule` row, loaded by the data migration 0002 (and again by `ensure_default_rates` if the
table was emptied, e.g. by a test that flushes the database). Code never reads these numbers for a
computation: it reads the `RateSchedule` rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

LAUNCH = date(2023, 6, 14)

DEFAULT_RATES = {
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


def ensure_default_rates(RateSchedule) -> None:  # noqa: N803 - the historical model in migrations
    if not RateSchedule.objects.exists():
        RateSchedule.objects.get_or_create(effective_from=LAUNCH, defaults=DEFAULT_RATES)
