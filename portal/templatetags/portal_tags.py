from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def rmb(amount: Decimal | int | None) -> str:
    """An amount in RMB, grouped, with cents only when there are any: 7,500 or 1,234.50."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def percent(fraction: Decimal | float | str | None) -> str:
    """A fraction as a percentage, as zh-hant, zh-hans and en all write it: 0.1000 -> "10%",
    0.125 -> "12.5%" (no trailing zeros; a rule's proportion is stored as a fraction of 1)."""
    if fraction is None or fraction == "":
        return ""
    value = (Decimal(str(fraction)) * 100).normalize()
    places = max(0, -int(value.as_tuple().exponent))
    return number_format(value, decimal_pos=places, use_l10n=True) + "%"
