"""Every public page without URL arguments, in every language, in a real browser: it loads, axe-core
finds no serious or critical accessibility violation, and nothing breaks the Content Security
Policy. The pages are read from the URL configuration, so a new page is checked without a new test."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

LANGUAGES = ["zh-hant", "zh-hans", "en"]
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"logout", "notifications_read", "set_language"}


def public_page_names() -> list[str]:
    """Names of the language-prefixed URL patterns that take no argument."""
    names: list[str] = []

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                walk(
                    pattern.url_patterns,
                    ns
                    if pattern.namespace is None
                    else (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace),
                )
            elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
                if pattern.name in SKIPPED_NAMES or "<" in str(pattern.pattern):
                    continue
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    for resolver in get_resolver().url_patterns:
        if isinstance(resolver, URLResolver) and "LocalePrefixPattern" in type(resolver.pattern).__name__:
            walk(resolver.url_patterns, None)
    return sorted(set(names))


@pytest.mark.heavy
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_public_page_is_accessible_in_every_language(live_server, page, serious_a11y_violations, csp_violations):
    call_command("load_demo", verbosity=0)
    problems: list[str] = []
    checked = 0
    for name in public_page_names():
        for language in LANGUAGES:
            with translation.override(language):
                url = reverse(name)
            response = page.goto(f"{live_server.url}{url}")
            if "/accounts/login/" in page.url and "/accounts/login/" not in url:
                continue  # needs sign-in: covered by the journeys of each role
            checked += 1
            if response is None or response.status != 200:
                problems.append(f"{url}: status {response.status if response else None}")
                continue
            problems.extend(f"{url}: {v}" for v in serious_a11y_violations(page))
    assert checked >= 20
    assert problems == [], "\n".join(problems)
    assert csp_violations == [], "\n".join(csp_violations)
