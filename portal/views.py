from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.roles import ROLE_NAMES, role_names

from .health import health_report


def home(request):
    return render(request, "portal/home.html")


@login_required
@never_cache
def dashboard(request):
    """What concerns the signed-in user's roles: each app may offer a panel through
    `<app>/dashboard.py`'s `panels(request) -> list[dict]` (each with `title` and `template`)."""
    panels = []
    for app in settings.PORTAL_APPS:
        if importlib.util.find_spec(f"{app}.dashboard") is not None:
            panels.extend(importlib.import_module(f"{app}.dashboard").panels(request))
    roles = [str(ROLE_NAMES[name]) for name in sorted(role_names(request.user)) if name in ROLE_NAMES]
    return render(request, "portal/dashboard.html", {"panels": panels, "user_roles_display": roles})


@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
