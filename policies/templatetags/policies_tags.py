from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import presenters, selectors

register = template.Library()


@register.simple_tag
def policy_apply_url(policy) -> str | None:
    """{% policy_apply_url policy as url %}{% if url %}...{% endif %}"""
    return presenters.apply_url(policy)


@register.simple_tag
def policy_benefits(policy) -> list:
    """{% policy_benefits policy as benefits %}: the guide's amounts, from its schemes' rules."""
    return selectors.benefits_of(policy)


@register.filter
def describe_estimate(estimate) -> str:
    return presenters.describe_estimate(estimate)


@register.filter
def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


@register.filter
def currency_name(code: str) -> str:
    return presenters.currency_name(code)


@register.filter
def paragraphs(text: str) -> SafeString:
    """A guide's text, one GOV.UK paragraph per line (the texts are plain, a line per paragraph)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return mark_safe("".join(f'<p class="govuk-body">{escape(line)}</p>' for line in lines))  # noqa: S308 - escaped
