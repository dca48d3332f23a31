from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.roles import ROLE_NAMES, role_names

from .apps_modules import app_modules
from .health import health_report


def home(request):
    return render(request, "portal/home.html")


@login_required
@never_cache
def dashboard(request):
    """What concerns the signed-in user's roles: each app may offer a panel through
    `<app>/dashboard.py`'s `panels(request) -> list[dict]` (each with `title` and `template`)."""
    panels = []
    for module in app_modules(settings.PORTAL_APPS, "dashboard"):
        panels.extend(module.panels(request))
    roles = [str(ROLE_NAMES[name]) for name in sorted(role_names(request.user)) if name in ROLE_NAMES]
    return render(request, "portal/dashboard.html", {"panels": panels, "user_roles_display": roles})


@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


# --- help, contact, accessibility and the service's status ------------------------------------------


def help_page(request):
    from .help_content import scheme_contacts

    context = {"contacts": scheme_contacts(), "support_email": settings.PORTAL_SUPPORT_EMAIL}
    return render(request, "portal/help/help.html", context)


def faq(request):
    return render(request, "portal/help/faq.html")


def accessibility(request):
    from .help_content import ACCESSIBILITY_CHECK

    context = {"accessibility_email": settings.PORTAL_ACCESSIBILITY_EMAIL, **ACCESSIBILITY_CHECK}
    return render(request, "portal/help/accessibility.html", context)


@never_cache
def status(request):
    """The service's status for people (the footer's link); /healthz is the same for machines."""
    from django.utils import timezone

    from .help_content import status_parts

    healthy, report = health_report()
    context = {"healthy": healthy, "parts": status_parts(report), "checked_at": timezone.localtime()}
    return render(request, "portal/help/status.html", context)
