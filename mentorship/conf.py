"""App settings, overridable in the portal settings."""

from __future__ import annotations

from django.conf import settings

# Evidence of a job referral (a social insurance record, a contract): PDF or an image, at most 5 MB.
EVIDENCE_MAX_BYTES = getattr(settings, "MENTORSHIP_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
EVIDENCE_MIME_TYPES = getattr(
    settings, "MENTORSHIP_EVIDENCE_MIME_TYPES", ("application/pdf", "image/jpeg", "image/png")
)
