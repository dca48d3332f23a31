"""Checking uploaded documents by their content, not their name (claim documents, evidence)."""

from __future__ import annotations

import filetype

DOCUMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def document_type(upload, *, allowed: frozenset[str] = DOCUMENT_TYPES) -> str | None:
    """The content type of `upload` read from its first bytes, or None when it is not one of
    `allowed` (a renamed executable is refused whatever its name; a "PDF" must start with %PDF).
    The caller checks emptiness and size, whose limits and messages are its own."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/pdf" and not head.startswith(b"%PDF"):
        return None
    return mime if mime in allowed else None
