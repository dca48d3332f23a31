"""The address a request came from, for the audit log, the sign-in throttle and the API's rate
limits alike.

Served directly (the compose file's gunicorn), it is `REMOTE_ADDR`. Behind reverse proxies, each
of which appends the address it received the request from to `X-Forwarded-For`, `REMOTE_ADDR` is
the last proxy's and the client is the entry the first proxy wrote: the `TRUSTED_PROXY_COUNT`-th
from the right. Entries further left were written by the client itself and are never believed.
With `TRUSTED_PROXY_COUNT = 0` (the default) the header is ignored altogether, since any client
can send it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through every proxy: only the connection's own address is known
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
