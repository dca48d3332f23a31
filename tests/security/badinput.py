"""The machinery of the bad-input suite: find the forms a role is shown, send one hostile request
inside a savepoint that is rolled back, and count the rows of every portal model before and after
(a refused request must write nothing)."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import Resolver404, resolve

from . import harness

TEXT_INPUTS = {"text", "email", "search", "tel", "url", "password", ""}

# The payloads for every text field (the invalid-UTF-8 ones are sent as raw bytes).
HUGE = "长" * 100_000
NUL = "abc\x00def"
TEXT_PAYLOADS = {"huge": HUGE, "nul": NUL}
# Byte sequences that are not UTF-8: a UTF-8-encoded lone surrogate (U+D800) and 0xFF 0xFE.
RAW_PAYLOADS = {"surrogate": b"a\xed\xa0\x80b", "invalid-utf8": b"a\xff\xfeb"}
# Values for every field, text or not (ids, amounts, dates, choices), and for the parameters the
# code reads without declaring them: digits that str.isdigit takes and int refuses, an amount
# beyond every column, the calendar's last day, a word where a number is expected (issue 15,
# item 15: `?relationship=²`, `claims=²`, `mentor=abc`, `amount=1E+30`, `start_date=9999-12-31`).
ODD_VALUES = {"superscript two": "²", "1E+30": "1E+30", "9999-12-31": "9999-12-31"}
# The parameters no form or schema declares get these too, all in one request per value.
UNDECLARED_VALUES = {**ODD_VALUES, "Arabic-Indic digits": "١٢", "a word": "abc", "NUL": NUL}


def deep_json(levels: int = 1000) -> bytes:
    """A JSON body nested `levels` deep (Python's json module recurses: a RecursionError)."""
    return b'{"a": ' + b"[" * levels + b"]" * levels + b"}"


def names_the_code_reads() -> set[str]:
    """Every parameter name the portal's code reads from a request by hand (`request.GET.get`,
    `request.POST.getlist`, `query_params.get`, `request.data.get`): names that no form or schema
    need declare, sent to every route."""
    import re
    from pathlib import Path

    pattern = re.compile(r"(?:GET|POST|query_params|data)\.(?:get|getlist)\(\s*[\"']([a-z_]+)[\"']")
    root = Path(__file__).resolve().parents[2]
    names: set[str] = set()
    for app in settings.PORTAL_APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names - {"page", "lang", "next", "csrfmiddlewaretoken"}


# --- forms as the browser sees them ---------------------------------------------------------------


@dataclass
class Form:
    action: str  # a path
    enctype: str = ""
    method: str = "post"
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values a browser would send
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type ("textarea", "select", ...)

    def text_fields(self) -> list[str]:
        return [n for n, k in self.kinds.items() if k in TEXT_INPUTS or k == "textarea"]

    def file_fields(self) -> list[str]:
        return [n for n, k in self.kinds.items() if k == "file"]

    def data(self, **override) -> dict:
        out = {n: (v if len(v) != 1 else v[0]) for n, v in self.fields.items() if n != "csrfmiddlewaretoken"}
        out.update(override)
        return out


class _FormParser(HTMLParser):
    def __init__(self, page_path: str, method: str = "post"):
        super().__init__(convert_charrefs=True)
        self.method = method
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == self.method:
                action = urlsplit(a.get("action") or self.page_path).path or self.page_path
                self.form = Form(action=action, enctype=a.get("enctype", ""), method=self.method)
            return
        form = self.form
        if form is None or "name" not in a and tag != "option":
            return
        kind = (a.get("type") or ("submit" if tag == "button" else "")).lower()
        if tag in ("input", "button") and kind == "submit":
            if not any(k == "submit" for k in form.kinds.values()):  # the first named button is pressed
                form.kinds[a["name"]] = "submit"
                form.fields[a["name"]] = [a.get("value", "")]
            return
        if tag == "input":
            name = a["name"]
            if kind in ("button", "image", "reset"):
                return
            form.kinds.setdefault(name, kind)
            values = form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and not values):
                    if kind == "radio":
                        values[:] = [a.get("value", "on")]
                    else:
                        values.append(a.get("value", "on"))
            elif kind != "file":
                values[:] = [a.get("value", "")]
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = a["name"], None, False
            form.kinds[a["name"]] = "select"
            form.fields[a["name"]] = []
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_first is None and value:
                self.select_first = value
            if "selected" in a and value:
                form.fields[self.select] = [value]
                self.select_chosen = True
        elif tag == "textarea":
            self.textarea, self.text = a["name"], []
            form.kinds[a["name"]] = "textarea"

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select" and self.select and self.form is not None:
            if not self.select_chosen and self.select_first is not None:
                self.form.fields[self.select] = [self.select_first]
            self.select = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.fields[self.textarea] = ["".join(self.text).strip()]
            self.textarea = None


def forms_on(html: str, page_path: str, method: str = "post") -> list[Form]:
    parser = _FormParser(page_path, method)
    parser.feed(html)
    return parser.forms


def route_of(path: str) -> str | None:
    """The matrix's name of the route a path resolves to ("<lang>/subsidies/claims/<int:pk>/")."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    for route, pattern in harness.covered_routes().items():
        if pattern.callback is match.func and harness.build_url(route, match.kwargs) == path:
            return route
    return None


# --- requests that leave nothing behind -----------------------------------------------------------


@functools.cache
def _count_sql() -> tuple[str, list[str]]:
    """One query that counts the rows of every table of every portal app."""
    tables = sorted(
        {
            m._meta.db_table
            for label in settings.PORTAL_APPS
            for m in apps.get_app_config(label).get_models()
            if m._meta.managed and not m._meta.proxy
        }
    )
    sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)  # noqa: S608 - model tables
    return sql, tables


def row_counts() -> dict[str, int]:
    sql, tables = _count_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@dataclass
class Sent:
    response: object
    written: dict[str, tuple[int, int]]  # table -> (before, after), for the tables that changed

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def text(self) -> str:
        if getattr(self.response, "streaming", False):
            return ""
        return self.response.content.decode("utf-8", "replace")


def send(client, method: str, path: str, inspect=None, **kwargs) -> Sent:
    """One request in a savepoint rolled back afterwards; with the tables whose row count it changed.
    `inspect(response)` runs before the rollback, to look at what the request wrote."""
    cookies = copy.deepcopy(client.cookies)
    block = transaction.atomic()
    block._from_testcase = True  # services open atomic(durable=True) blocks inside it, as in a TestCase
    with block:
        before = row_counts()
        response = getattr(client, method.lower())(path, **kwargs)
        if getattr(response, "streaming", False):
            response.content_bytes = b"".join(response.streaming_content)
        after = row_counts()
        if inspect is not None:
            inspect(response)
        transaction.set_rollback(True)
    client.cookies = cookies
    written = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    return Sent(response, written)


def urlencoded(data: dict, raw: dict[str, bytes] | None = None) -> bytes:
    """An application/x-www-form-urlencoded body; `raw` values are put in byte for byte (percent-encoded)."""
    parts = []
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            parts.append(f"{quote(str(name))}={quote(str(v))}")
    for name, value in (raw or {}).items():
        parts.append(f"{quote(str(name))}={quote(value)}")
    return "&".join(parts).encode("ascii")


def refused(sent: Sent) -> bool:
    """The request was turned down with a message: a 4xx, the form shown again with its errors,
    or a redirect carrying an error message (the review pages' buttons)."""
    if 400 <= sent.status < 500:
        return True
    if 300 <= sent.status < 400:
        from django.contrib.messages import constants

        storage = getattr(sent.response.wsgi_request, "_messages", None)
        return any(m.level >= constants.WARNING for m in getattr(storage, "_queued_messages", []))
    return sent.status == 200 and "govuk-error-summary" in sent.text


# --- hostile files ----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip_bomb() -> bytes:
    """20 MB of zeros in a zip of about 20 KB (a decompression bomb in miniature)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * (20 * 1024 * 1024))
    return out.getvalue()


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
# name -> (file name, bytes): files no upload may take, whatever their name says.
REFUSED_FILES = {
    "ELF executable named .pdf": ("report.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200),
    "PE executable named .jpg": (
        "photo.jpg",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 100,
    ),
    "PE executable named .pdf": ("report.pdf", b"MZ" + b"\x00" * 300),
    "zip bomb named .pdf": ("report.pdf", None),  # built on first use (20 MB to compress)
    "SVG with script": ("drawing.svg", SVG),
    "SVG with script named .png": ("drawing.png", SVG),
    "HTML named .pdf": ("report.pdf", SCRIPT),
    "empty file": ("empty.pdf", b""),
}
# Files a document upload takes (they are what they say) under names that must not reach the disk.
HOSTILE_NAMES = {
    "path traversal": "../../../etc/x.pdf",
    "Windows path traversal": "..\\..\\x.pdf",
    "control characters": "a\x01b\x1b[31mc\x7f.pdf",
    "right-to-left override": "invoice\u202efdp.exe",
}
# Accepted by a content check that reads the first bytes (a PDF that is also an HTML page and a
# zip): must only ever be served as a PDF, as an attachment, with nosniff.
POLYGLOT = PDF[:9] + SCRIPT + b"\n%%EOF\n"


def refused_file(name: str) -> tuple[str, bytes]:
    filename, content = REFUSED_FILES[name]
    if content is None:
        content = _zip_bomb()
        REFUSED_FILES[name] = (filename, content)
    return filename, content


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body written byte for byte (Django's test client would clean the file
    name itself, and a browser or a script need not)."""
    boundary = "----badinput7d93a1"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        quoted = filename.replace('"', "%22")  # backslashes are sent as they are, as old browsers do
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{quoted}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode("utf-8") + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
