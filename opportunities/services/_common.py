"""What the use cases of the opportunities app share: the limits and the note's cleaning."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.errors import InvalidInput
from portal.translation import LANGUAGE_SUFFIXES

__all__ = ["LANGUAGE_SUFFIXES", "MAX_CV_BYTES", "NOTE_MAX_LENGTH", "TRANSLATED_FIELDS"]

TRANSLATED_FIELDS = ("title", "description", "duties", "requirements", "accommodation_note")
MAX_CV_BYTES = 10 * 1024 * 1024
NOTE_MAX_LENGTH = 2000


def _clean_note(note: str | None, field_name: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput.on(field_name, _("Keep it to 2,000 characters."))
    return note
