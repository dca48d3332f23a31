"""A URL configuration with views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path


def boom(request):
    raise RuntimeError("secret-internal-detail: the ledger table is corrupt")


def forbidden(request):
    raise PermissionDenied("secret-internal-detail")


def bad(request):
    raise SuspiciousOperation("secret-internal-detail")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("bad/", bad),
]
