"""Loads the demo data of every app (each app's `demo.load()`, in PORTAL_APPS order).

Idempotent: every loader looks rows up by a natural key before creating them, so loading twice
changes nothing.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.db import transaction


def load_all() -> list[str]:
    lines: list[str] = []
    for app in settings.PORTAL_APPS:
        if app == "portal":
            continue
        if importlib.util.find_spec(f"{app}.demo") is None:
            continue
        with transaction.atomic():
            result = importlib.import_module(f"{app}.demo").load()
        lines.extend(result or [])
    return lines
