"""The staff review queue, kept rendered in Redis under a claims version.

Every write that can change what the queue shows moves the version (`queue_changed`, from
subsidies/signals.py for saved and deleted rows, and from the services for queryset updates): a
claim's state, amounts, identity number, company or scheme; an applicant's name; a scheme's name
or exclusivity. A page is stored with the version read before it was rendered, and served only
while that version is current: the version and the page are read in one round trip (MGET), so a
hit costs one Redis call and no query, and a change shows on the very next request of every
process (portal/versioned_cache.py).

The page is the same for every reviewer but for the signed-in user's name (the header's profile
link) and the CSRF tokens of its forms (sign out, bulk action, export): it is rendered with
placeholders for those two, stored, and the placeholders are replaced on each request. The
placeholders contain a NUL character, which no name or other text stored in the database can
contain (PostgreSQL refuses it, Django's form fields reject it), so the stored page never holds a
user's name or a token, and no shown text can be mistaken for a placeholder.

A request carrying messages (after a bulk action, for instance) is rendered afresh and not
stored: the messages are personal and shown once.

The key: the language, the path with its query string (filters, sort, page), today's date (the
"waiting (days)" column and the "waiting at least" filter count calendar days), the user's roles
(all bureau staff see the same page today; a role-dependent page would not be shared by mistake),
and the templates that render it.
"""

from __future__ import annotations

import hashlib
from functools import cache as memo
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from accounts import roles
from portal.versioned_cache import VersionedCache

from . import fragments

if TYPE_CHECKING:
    from django.http import HttpRequest

VERSION_KEY = "subsidies:claims-version"
PAGE_SECONDS = 600
QUEUE = VersionedCache(VERSION_KEY, "subsidies review queue cache")

USER_PLACEHOLDER = "\x00portal:user-name\x00"
CSRF_PLACEHOLDER = "\x00portal:csrf-token\x00"
USER_BYTES, CSRF_BYTES = USER_PLACEHOLDER.encode(), CSRF_PLACEHOLDER.encode()

_TEMPLATES = (
    Path(__file__).resolve().parent / "templates" / "subsidies" / "review_queue.html",
    Path(settings.BASE_DIR) / "templates" / "base.html",
    Path(settings.BASE_DIR) / "templates" / "includes" / "pagination.html",
)


def queue_changed() -> None:
    """Call after any write that can change what the review queue shows."""
    QUEUE.changed()


class SignedInPlaceholder:
    """Stands for the signed-in user while the shared page is rendered: `{{ user }}` renders
    the placeholder, replaced by the user's name on each request."""

    is_authenticated = True
    is_anonymous = False

    def __str__(self) -> str:
        return USER_PLACEHOLDER


def shared_context() -> dict:
    """Context entries that replace the personal ones (they win over the context processors')."""
    return {"user": SignedInPlaceholder(), "csrf_token": CSRF_PLACEHOLDER}


def cacheable(request: HttpRequest) -> bool:
    """GET, and no messages to show (counting them does not mark them shown)."""
    return request.method in ("GET", "HEAD") and not len(messages.get_messages(request))


@memo
def _code_version() -> str:
    digest = hashlib.sha256(fragments.code_version().encode())
    for path in _TEMPLATES:
        digest.update(path.read_bytes() if path.exists() else str(path).encode())
    return digest.hexdigest()[:12]


def page_key(request: HttpRequest) -> str:
    user = request.user
    who = ("superuser" if user.is_superuser else "", *sorted(roles.role_names(user)))
    raw = repr((_code_version(), get_language(), request.get_full_path(), timezone.localdate().isoformat(), who))
    return "subsidies:queue-page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def lookup(request: HttpRequest) -> tuple[bytes | None, int | None]:
    """(the stored page if it is current, the current version): one MGET."""
    version, page = QUEUE.read(page_key(request))
    return page, version


def store(request: HttpRequest, page: bytes, version: int | None) -> None:
    """Keep a page rendered with `shared_context()` (encoded, as sent) under the version read
    before rendering it."""
    QUEUE.keep(page_key(request), version, page, PAGE_SECONDS)


def personalise(page: bytes, request: HttpRequest) -> bytes:
    """The stored page with this user's name and CSRF token in place of the placeholders."""
    name = conditional_escape(str(request.user)).encode()
    return page.replace(USER_BYTES, name).replace(CSRF_BYTES, get_token(request).encode())
