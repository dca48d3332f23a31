"""Checking uploaded claim documents: PDF, JPEG or PNG by content (not by name), 1 byte to 10 MB."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.errors import InvalidInput
from portal.uploads import document_type

from . import rules

ALLOWED = frozenset({"application/pdf", "image/jpeg", "image/png"})
# A kind of document (a contract, a degree certificate) may take a few pages sent as separate
# photos, never dozens: at most this many files of one kind on one claim.
MAX_DOCUMENTS_PER_KIND = 5


def too_many_error(count: int) -> InvalidInput | None:
    """The refusal when a claim already holds `count` files of the kind being uploaded."""
    if count < MAX_DOCUMENTS_PER_KIND:
        return None
    message = format_lazy(
        _("A claim takes at most {limit} files of each kind, and this kind has {limit} already."),
        limit=MAX_DOCUMENTS_PER_KIND,
    )
    return InvalidInput(message, errors={"file": [message]})


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
