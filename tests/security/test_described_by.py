"""Errors and hints are tied to their fields (issue 14, defect 2): on every page, as every role
sees it, and again with the errors of an empty form sent back, each id an `aria-describedby` names
exists on the page. (The inputs named `id_age_error id_period_helptext` while the messages were
`id_age-error` and `id_period-hint`: a screen reader read neither.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction

from . import harness
from .matrix import BUILD

PAGES = sorted(route for route in harness.covered_routes() if not harness.is_api(route))


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for ref in (values.get("aria-describedby") or "").split():
            self.described.append((f"<{tag} name={values.get('name', '')!r}>", ref))


def missing_ids(html: str) -> list[str]:
    found = _Ids()
    found.feed(html)
    return [f"{element} -> #{ref}" for element, ref in found.described if ref not in found.ids]


def _page(client, method: str, url: str) -> tuple[int, str]:
    block = transaction.atomic()
    block._from_testcase = True  # as the permission matrix: a savepoint the services may open in
    with block:
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    body = response.content.decode("utf-8", "replace") if "html" in response.get("Content-Type", "") else ""
    return response.status_code, body


@pytest.mark.parametrize("route", PAGES)
def test_every_aria_describedby_names_an_element_of_the_page(route, world, clients, db):
    build = BUILD.get(route)
    kwargs = build.kwargs(world.objects) if build is not None and build.kwargs else {}
    url = harness.build_url(route, kwargs)
    wrong, forms_seen = [], 0
    for role, client in clients.items():
        for method in ("GET", "POST"):
            status, html = _page(client, method, url)
            if not html:
                continue
            forms_seen += bool(re.search(r"<form\b", html))
            wrong += [f"{method} as {role}: {problem}" for problem in missing_ids(html)]
    assert not wrong, f"{url}:\n" + "\n".join(sorted(set(wrong))[:20])


def test_the_check_can_fail():
    assert missing_ids('<input name="age" aria-describedby="id_age_error"><p id="id_age-error"></p>') == [
        "<input name='age'> -> #id_age_error"
    ]
    assert missing_ids('<input aria-describedby="a b"><p id="a"></p><p id="b"></p>') == []
