"""Who a measure is given to and who asks: registration and identity numbers, waiting days,
exports, working days, reference numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .money import HKID, HOME_RETURN_PERMIT, PASSPORT

PERSON, COMPANY, BASE = "person", "company", "base"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise_registration(number: str) -> str:
    """Upper case, without spaces or hyphens, full-width forms made ASCII (NFKC)."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number or "")).upper()


def uscc_check_character(first17: str) -> str:
    """The check character of a mainland unified social credit code (GB 32100-2015)."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def registration_error(number: str) -> str | None:
    """Why `number` is not a company registration number (None: it is): a mainland unified
    social credit code of 18 characters with its check character."""
    value = normalise_registration(number)
    if not value:
        return _("Enter the company's registration number.")
    if len(value) != 18 or any(c not in _USCC_ALPHABET for c in value):
        return _("Enter the unified social credit code: 18 letters and digits.")
    if uscc_check_character(value[:17]) != value[17]:
        return _("The check character of this unified social credit code is wrong.")
    return None


# --- identity numbers ----------------------------------------------------------------------------


_HKID_RE = re.compile(r"^([A-Z]{1,2})([0-9]{6})\(?([0-9A])\)?$")


def normalise_identity(number: str) -> str:
    """Upper case without spaces or hyphens; full-width letters, digits and brackets typed with a
    Chinese input method (Ａ１２３４５６（３）) become their ASCII forms (NFKC). Look-alikes from
    other scripts (a Cyrillic А) are left as they are, and refused by the formats below."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", number or "")).upper()


def hkid_check_digit(letters: str, digits: str) -> str:
    """The HKID check digit: weights 9..2 over (space or letter, letter, 6 digits); a single
    letter is preceded by a space worth 36; letters A-Z are 10-35; 11 - sum mod 11, 10 is A."""
    values = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def hkid_is_valid(number: str) -> bool:
    match = _HKID_RE.match(normalise_identity(number))
    if not match:
        return False
    letters, digits, check = match.groups()
    return hkid_check_digit(letters, digits) == check


def identity_error(identity_type: str, number: str) -> str | None:
    """Why `number` is not a valid number of `identity_type` (None: valid)."""
    value = normalise_identity(number)
    if not value:
        return _("Enter the identity number.")
    if identity_type == HKID:
        if not _HKID_RE.match(value):
            return _("Enter a Hong Kong identity card number like A123456(3).")
        if not hkid_is_valid(value):
            return _("The check digit of this Hong Kong identity card number is wrong.")
        return None
    if identity_type == HOME_RETURN_PERMIT:
        if not re.fullmatch(r"[HM][0-9]{8}([0-9]{2})?", value):
            return _("Enter a Home Return Permit number: H or M followed by 8 or 10 digits.")
        return None
    if identity_type == PASSPORT:
        if not re.fullmatch(r"[A-Z0-9]{6,12}", value):
            return _("Enter a passport number of 6 to 12 letters and digits.")
        return None
    return _("Choose an identity document.")


def canonical_identity(identity_type: str, number: str) -> str:
    """The stored form: upper case, no spaces; an HKID without brackets (A1234563)."""
    value = normalise_identity(number)
    if identity_type == HKID:
        value = value.replace("(", "").replace(")", "")
    return value


def days_waiting(submitted_on: date, today: date) -> int:
    """Calendar days since the submission day (0 on that day): what the review queue shows and
    its "waiting at least" filter counts. A whole day's number, so a page rendered in the
    morning still holds in the evening (the queue is cached per day)."""
    return (today - submitted_on).days


def submitted_by_for_waiting(today: date, min_days: int) -> date:
    """The last submission day of claims waiting at least `min_days` (days_waiting >= min_days)."""
    return today - timedelta(days=min_days)


def mask_identity(number: str) -> str:
    """All but the last 4 characters hidden: "••••4563"."""
    if not number:
        return ""
    return "•" * max(len(number) - 4, 0) + number[-4:]


# --- exports -------------------------------------------------------------------------------------


def spreadsheet_safe(value: object) -> object:
    """Neutralise formula injection in CSV/XLSX cells: text starting with = + - @ (or a tab or
    carriage return) is prefixed with an apostrophe so a spreadsheet shows it as text."""
    if isinstance(value, str) and value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- working days (reminders) --------------------------------------------------------------------


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (public holidays are not
    modelled)."""
    if end <= start:
        return 0
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


# --- reference numbers ---------------------------------------------------------------------------


def claim_reference_prefix(scheme_code: str) -> str:
    """A scheme's readable reference prefix, from its code: the first part's first letter and
    its next consonant (futian → FT, luohu → LH, gba → GB), then the first three letters of each
    further part: futian-internship → FT-INT, futian-landing-competition → FT-LAN-COM."""
    parts = [part for part in re.split(r"[^a-z0-9]+", scheme_code.lower()) if part]
    if not parts:
        return "CLM"
    first = parts[0]
    consonant = next((ch for ch in first[1:] if ch not in "aeiou"), first[1:2])
    return "-".join([(first[0] + consonant).upper(), *(part[:3].upper() for part in parts[1:])])


def claim_reference(prefix: str, year: int, number: int) -> str:
    """FT-INT-2026-000123: the prefix, the year of submission and a sequence number within them."""
    return f"{prefix}-{year:04d}-{number:06d}"
