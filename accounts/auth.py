from __future__ import annotations


def axes_username(request, credentials: dict | None = None) -> str | None:
    """The login name that failed logins are counted against: the email, case-folded, so that
    "Victim@Example.com" and "victim@example.com" share one counter."""
    source = credentials or getattr(request, "POST", {}) or {}
    value = source.get("username") or source.get("email")
    return value.strip().lower() if value else None
