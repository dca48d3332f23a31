"""The portal's own dashboard panel: the audit log, for those who may read it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .audit_views import can_read_audit_log


def panels(request) -> list[dict]:
    if not can_read_audit_log(request.user):
        return []
    return [{"title": _("Audit log"), "template": "portal/audit_panel.html"}]
