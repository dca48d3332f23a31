"""Checking uploaded documents by their content, not their name (claim documents, evidence)."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

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


class BodyLimitUploadHandler(FileUploadHandler):
    """The first of FILE_UPLOAD_HANDLERS: counts a multipart body's bytes as they arrive and stops
    at MAX_REQUEST_BODY, so a 300 MB upload is refused after its first 13 MB, not read in full
    before a view's own size check. (Bodies that announce their length are refused before a
    byte is read: portal.middleware.RequestBodyLimitMiddleware.)"""

    received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.MAX_REQUEST_BODY:
            raise RequestDataTooBig("The request body is too large.")

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BODY:
            raise RequestDataTooBig("The request body is too large.")
        return raw_data

    def file_complete(self, file_size):
        return None
