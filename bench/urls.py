"""The portal's own URLs plus what the benchmark compares them with.

- /bench/floor: a bare view returning a constant page. It goes through the same middleware stack
  as every page (sessions, locale, CSRF, CSP...), so "page ÷ floor" measures what the page itself
  costs: queries, templates, Python.

(The `/bench/proposed/policies/` route that measured the page cache beside the list is gone: the
policies app now has that cache itself, policies/cache.py, and the suite measures the real page.)
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><main><h1>Floor</h1><p>A constant page: the cost of the framework alone.</p></main></body></html>\n"
)


def floor(request):
    return HttpResponse(FLOOR_PAGE)


urlpatterns = [
    path("bench/floor", floor, name="bench-floor"),
    *portal_urlpatterns,
]
