"""The machinery of the permission matrix: walk the URL configuration, build URLs from the world,
send one request per role and method, and classify the answer."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

LANG = "en"
EXCLUDED = ("<lang>/admin/", "^media/", "api/schema/", "api/docs/")
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def iter_routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every route of portal.urls as a string ("<lang>/subsidies/claims/<int:pk>/"), with its pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            segment = "<lang>/" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern)
            yield from iter_routes(entry, prefix + segment)
        else:
            yield prefix + str(entry.pattern), entry


def covered_routes() -> dict[str, URLPattern]:
    return {route: p for route, p in iter_routes() if not route.startswith(EXCLUDED)}


def is_api(route: str) -> bool:
    return route.startswith("api/")


def api_methods(pattern: URLPattern) -> list[str]:
    """The write methods a DRF view answers (its handlers), besides GET."""
    cls = getattr(pattern.callback, "cls", None)
    if cls is None:
        return ["POST"]
    return [m for m in ("POST", "PUT", "PATCH", "DELETE") if hasattr(cls, m.lower())]


def build_url(route: str, kwargs: dict[str, object]) -> str:
    def sub(match: re.Match) -> str:
        return str(kwargs[match.group("name")])

    return "/" + CONVERTER.sub(sub, route.replace("<lang>", LANG))


def classify(response) -> str:
    code = response.status_code
    if 300 <= code < 400:
        location = response.get("Location", "")
        return "login" if location.startswith(f"/{LANG}/accounts/login/") else "3xx"
    if 200 <= code < 300:
        return "2xx"
    if code >= 500:
        return "5xx"
    return str(code)


def send(client: Client, method: str, url: str, data: dict | None = None, form: bool = False) -> str:
    """One request, rolled back afterwards (a savepoint marked like a TestCase's, so the durable
    transactions of the services still open inside it): no request changes what the next one sees."""
    cookies = copy.deepcopy(client.cookies)  # a logout would otherwise end the session for the next request
    block = transaction.atomic()
    block._from_testcase = True
    with block:
        if method == "GET":
            response = client.get(url)
        elif url.startswith("/api/") and not form:
            response = getattr(client, method.lower())(url, data or {}, content_type="application/json")
        else:
            response = getattr(client, method.lower())(url, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return classify(response)


def parse(spec: str) -> dict[str, str]:
    """ "anon:login youth,youth_b:2xx *:403" -> {role: class}; "*" is every other role."""
    from .conftest import ROLES

    out: dict[str, str] = {}
    default = None
    for part in spec.split():
        who, _, expected = part.rpartition(":")
        for role in who.split(","):
            if role == "*":
                default = expected
            else:
                assert role in ROLES, f"unknown role {role!r} in {spec!r}"
                out[role] = expected
    for role in ROLES:
        out.setdefault(role, default)
    assert None not in out.values(), f"{spec!r} leaves a role without an expectation"
    return out


def compress(observed: dict[str, str]) -> str:
    """The inverse of parse: the most common class becomes "*"."""
    from collections import Counter

    from .conftest import ROLES

    common = Counter(observed.values()).most_common(1)[0][0]
    groups: dict[str, list[str]] = {}
    for role in ROLES:
        if observed[role] != common:
            groups.setdefault(observed[role], []).append(role)
    return " ".join([f"{','.join(r)}:{c}" for c, r in groups.items()] + [f"*:{common}"])
