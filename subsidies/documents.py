"""Checking uploaded claim documents: PDF, JPEG or PNG by content (not by name), 1 byte to 10 MB."""

from __future__ import annotations

import filetype
from django.utils.translation import gettext_lazy as _

from . import rules

ALLOWED = {"application/pdf", "image/jpeg", "image/png"}


def check_upload(upload) -> str:
    """The content type of `upload` read from its first bytes; raises services.InvalidInput when
    the file is empty, too large, or not a PDF, JPEG or PNG (a renamed executable is refused
    whatever its name)."""
    from .services import InvalidInput

    size = upload.size or 0
    if size == 0:
        message = _("The file is empty.")
        raise InvalidInput(message, errors={"file": [message]})
    if size > rules.MAX_DOCUMENT_BYTES:
        message = _("The file is larger than 10 MB.")
        raise InvalidInput(message, errors={"file": [message]})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/pdf" and not head.startswith(b"%PDF"):
        mime = None
    if mime not in ALLOWED:
        message = _("Upload a PDF, JPEG or PNG file.")
        raise InvalidInput(message, errors={"file": [message]})
    return mime
