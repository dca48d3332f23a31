"""Checking uploaded claim documents: PDF, JPEG or PNG by content (not by name), 1 byte to 10 MB."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.errors import InvalidInput
from portal.uploads import document_type

from . import rules

ALLOWED = frozenset({"application/pdf", "image/jpeg", "image/png"})


def check_upload(upload) -> str:
    """The content type of `upload` read from its first bytes; raises InvalidInput when
    the file is empty, too large, or not a PDF, JPEG or PNG (a renamed executable is refused
    whatever its name)."""
    size = upload.size or 0
    if size == 0:
        message = _("The file is empty.")
        raise InvalidInput(message, errors={"file": [message]})
    if size > rules.MAX_DOCUMENT_BYTES:
        message = _("The file is larger than 10 MB.")
        raise InvalidInput(message, errors={"file": [message]})
    mime = document_type(upload, allowed=ALLOWED)
    if mime is None:
        message = _("Upload a PDF, JPEG or PNG file.")
        raise InvalidInput(message, errors={"file": [message]})
    return mime
