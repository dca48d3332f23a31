"""Demo accounts, one per role (printed by `load_demo` and `make run`)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Residence, StudyStatus, User
from .roles import APPROVER, BASE_OPERATOR, MENTOR, REVIEWER, YOUTH, role_group

DEMO_PASSWORD = "gba-demo-2026"

# key: (email, full name, roles, is_staff, is_superuser, preferred language)
DEMO_USERS = {
    "youth": ("youth@demo.gba-youth.example", "陳嘉欣 Chan Ka Yan", [YOUTH], False, False, "zh-hant"),
    "youth2": ("youth2@demo.gba-youth.example", "何俊傑 Ho Chun Kit", [YOUTH], False, False, "en"),
    "mentor": ("mentor@demo.gba-youth.example", "李志明 Lee Chi Ming", [MENTOR], False, False, "zh-hant"),
    "operator": ("operator@demo.gba-youth.example", "黃敏儀 Wong Man Yee", [BASE_OPERATOR], False, False, "zh-hant"),
    "reviewer": ("reviewer@demo.gba-youth.example", "张伟 Zhang Wei", [REVIEWER], True, False, "zh-hans"),
    "approver": ("approver@demo.gba-youth.example", "刘洋 Liu Yang", [APPROVER], True, False, "zh-hans"),
    "admin": ("admin@demo.gba-youth.example", "Portal administrator", [], True, True, "en"),
}


# key: (age today, residence, studies): what the events' eligibility reads. Both youth are
# graduates aged 18 to 40 living in Hong Kong or Macau, so they may join the Huizhou trips and the
# talent exchanges; neither may join the Futian study tours (students only), nor youth2 (of Macau)
# Futian's courses (Hong Kong residents), and the session pages show why.
DEMO_FACTS = {
    "youth": (24, Residence.HONG_KONG, StudyStatus.GRADUATE),
    "youth2": (27, Residence.MACAU, StudyStatus.GRADUATE),
}


def _born(age: int) -> datetime.date:
    """A birthday `age` years and a month before today (29 February is not needed here)."""
    today = timezone.localdate()
    month_ago = today - datetime.timedelta(days=31)
    return month_ago.replace(year=month_ago.year - age, day=min(month_ago.day, 28))


def demo_user(key: str) -> User:
    return User.objects.get(email=DEMO_USERS[key][0])


def load() -> list[str]:
    lines = []
    for key, (email, full_name, roles, is_staff, is_superuser, language) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
                "preferred_language": language,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if key in DEMO_FACTS and user.date_of_birth is None:
            age, residence, studies = DEMO_FACTS[key]
            user.date_of_birth, user.residence, user.study_status = _born(age), residence, studies
            user.save(update_fields=["date_of_birth", "residence", "study_status"])
        user.groups.add(*[role_group(role) for role in roles])
        lines.append(f"{key:<9} {email:<38} {', '.join(roles) or 'superuser'}")
    return lines
