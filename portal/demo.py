"""Loads the demo data of every app (each app's `demo.load()`, in PORTAL_APPS order).

Idempotent: every loader looks rows up by a natural key before creating them, so loading twice
changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from .apps_modules import app_modules


def load_all() -> list[str]:
    lines: list[str] = []
    for module in app_modules([app for app in settings.PORTAL_APPS if app != "portal"], "demo"):
        with transaction.atomic():
            result = module.load()
        lines.extend(result or [])
    return lines
