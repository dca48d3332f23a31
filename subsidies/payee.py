"""The payee's bank account on a claim (issue 14, item 9): where the subsidy is paid. Plain
functions: the number is kept as digits only, checked for its shape, and shown masked everywhere
but in the payment batch's file for finance."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# Hong Kong accounts are 9 to 12 digits with the bank's code, mainland ones (a debit card or a
# settlement account) 12 to 19, some older settlement accounts up to 25.
ACCOUNT_DIGITS = (9, 25)
_SEPARATORS = re.compile(r"[\s\-]")


def canonical_account_number(typed: str) -> str:
    """Digits only: people type spaces and hyphens between groups (012-345-678901). Full-width
    digits, typed by a Chinese keyboard, count as the digits they are."""
    text = _SEPARATORS.sub("", typed or "")
    return text.translate({ord("０") + i: str(i) for i in range(10)})


def account_number_error(typed: str):
    """The message for an account number that cannot be one, or None."""
    number = canonical_account_number(typed)
    if not number:
        return None
    if not (number.isascii() and number.isdigit()):
        return _("Enter the account number in digits (spaces and hyphens may separate them).")
    low, high = ACCOUNT_DIGITS
    if not low <= len(number) <= high:
        return _("An account number has 9 to 25 digits.")
    return None


def mask_account(number: str) -> str:
    """The last four digits only: how the number is shown on every page, in the API and in the
    claims export."""
    if not number:
        return ""
    return "•••• " + number[-4:]
