"""The portal's own URLs plus what the benchmark compares them with.

- /bench/floor: a bare view returning a constant page. It goes through the same middleware stack
  as every page (sessions, locale, CSRF, CSP...), so "page ÷ floor" measures what the page itself
  costs: queries, templates, Python.
- /bench/proposed/policies/: the fix proposed in bench/FINDINGS.md for the policy list and
  search, measured beside the page as it is (the app's code is not changed by the benchmark):
  the anonymous page rendered once per (content version, language, query string) and kept in
  Redis; the app would bump the version in `transaction.on_commit` of every policies service.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path
from django.utils import translation

from policies import views as policy_views
from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><main><h1>Floor</h1><p>A constant page: the cost of the framework alone.</p></main></body></html>\n"
)
VERSION_KEY = "bench:policies:version"


def floor(request):
    return HttpResponse(FLOOR_PAGE)


def proposed_policy_list(request):
    """policies.views.index behind a Redis page cache for anonymous readers (staff see drafts
    and a sign-out form with a CSRF token: never cached)."""
    if request.user.is_authenticated:
        return policy_views.index(request)
    with translation.override("zh-hant"):
        version = cache.get_or_set(VERSION_KEY, 1)
        query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
        key = f"bench:policies:list:{version}:{translation.get_language()}:{query}"
        body = cache.get(key)
        if body is not None:
            return HttpResponse(body)
        response = policy_views.index(request)
        if response.status_code == 200:
            cache.set(key, response.content, 300)
        return response


urlpatterns = [
    path("bench/floor", floor, name="bench-floor"),
    path("bench/proposed/policies/", proposed_policy_list, name="bench-proposed-policies"),
    *portal_urlpatterns,
]
