"""The public list and search page, kept rendered in Redis for anonymous readers.

Every write that shows on the list moves a content version (`content_changed`). A page is stored
with the version read before it was rendered, and served only while that version is still the
current one: the version and the page are read in one round trip (MGET), so a hit costs one
Redis call and no query, and a change shows on the very next request of every process (no
per-process memo that could lag behind another process's write).

Only requests that cannot carry anything personal are cached: GET, no session cookie (so the
reader is anonymous: staff see drafts and a sign-out form with a CSRF token), no messages
cookie. The page then depends on the path (with its language prefix) and the query string only,
which is the key; the date is in the key too, since "in force" is relative to today.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from portal.versioned_cache import VersionedCache

if TYPE_CHECKING:
    from django.http import HttpRequest

VERSION_KEY = "policies:content-version"
PAGE_SECONDS = 600
BROWSER_SECONDS = 60  # Cache-Control max-age of the anonymous page (browsers and proxies)
PAGES = VersionedCache(VERSION_KEY, "policies page cache")


# What the list shows: guides, their categories and target groups, issuers and regions, and the
# subsidy schemes and rule versions whose figures the guides show. Any write to their tables moves
# the version (portal/versioned_cache.py), whoever makes it.
WATCHED = (
    "policies.Policy",
    "policies.Category",
    "policies.TargetGroup",
    "policies.Issuer",
    "portal.Region",
    "subsidies.Scheme",
    "subsidies.SchemeRule",
)


def content_changed() -> None:
    """Move the version by hand: every kept page is then stale (the benchmarks' forced miss).
    Writes need no call: the watch on WATCHED moves it."""
    PAGES.changed()


def cacheable(request: HttpRequest) -> bool:
    """Anonymous for sure and nothing personal to show. Decided from the cookies alone, without
    loading the session or the user (no query)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
    )


def page_key(request: HttpRequest) -> str:
    raw = "\n".join([get_language() or "", request.get_full_path(), timezone.localdate().isoformat()])
    return "policies:page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def lookup(request: HttpRequest) -> tuple[HttpResponse | None, int | None]:
    """(the stored page if it is current, the current version): one MGET."""
    version, stored = PAGES.read(page_key(request))
    if stored is None:
        return None, version
    content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    mark_public(response)
    return response, version


def store(request: HttpRequest, response: HttpResponse, version: int | None) -> None:
    """Keep a freshly rendered page under the version read before rendering it."""
    if response.status_code != 200 or response.cookies:
        return
    if PAGES.keep(page_key(request), version, (response.content, response["Content-Type"]), PAGE_SECONDS):
        mark_public(response)


def mark_public(response: HttpResponse) -> None:
    """Proxies and browsers may keep it a minute. `Vary: Cookie` so that a shared cache never
    answers a signed-in reader (who sends a session cookie) with the anonymous page."""
    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
    patch_vary_headers(response, ("Cookie",))
