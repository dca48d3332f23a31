"""Demo accounts, one per role (printed by `load_demo` and `make run`)."""

from __future__ import annotations

from .models import User
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
        user.groups.add(*[role_group(role) for role in roles])
        lines.append(f"{key:<9} {email:<38} {', '.join(roles) or 'superuser'}")
    return lines
