"""Settings of the incubators app, each overridable in the Django settings (read at call time,
so tests can override them)."""

from __future__ import annotations

from django.conf import settings


def report_due_day() -> int:
    """A month's report is due by this day of the following month; after it, operators are reminded."""
    return int(getattr(settings, "INCUBATORS_REPORT_DUE_DAY", 10))


def staff_reminder_after_days() -> int:
    """Days after the due day when staff are told that a report is still missing."""
    return int(getattr(settings, "INCUBATORS_STAFF_REMINDER_AFTER_DAYS", 7))


def photo_max_bytes() -> int:
    return int(getattr(settings, "INCUBATORS_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def photo_max_pixels() -> int:
    """Pillow refuses images larger than this (decompression bombs)."""
    return int(getattr(settings, "INCUBATORS_PHOTO_MAX_PIXELS", 40_000_000))


def photo_max_side() -> int:
    """Photos are resized to fit in a square of this many pixels."""
    return int(getattr(settings, "INCUBATORS_PHOTO_MAX_SIDE", 1600))
