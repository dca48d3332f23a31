from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """`{count, next, previous, results}`, 20 a page; `?page_size=` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# --- request bodies: text PostgreSQL cannot store is refused with a 400, never a 500 ---------------

UNSAFE_TEXT = _("This text contains a character that is not allowed (a NUL character or an unpaired surrogate).")


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request is too large.")
    default_code = "too_large"


def _unsafe(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")  # a lone surrogate ("\ud800" in JSON) cannot be encoded, nor stored
    except UnicodeEncodeError:
        return True
    return False


MAX_NESTING = 32  # no request body of the API nests deeper than a few levels
TOO_DEEP = _("This request nests its data too deeply.")


def _unsafe_anywhere(value) -> bool:
    """Whether any text in `value` (at any depth) is unsafe; walked without recursion, so a body
    nested thousands of levels deep cannot exhaust the stack."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _unsafe(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list | tuple):
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def refuse_unsafe_text(data) -> None:
    """ParseError (400) naming each top-level field whose text holds a NUL or a lone surrogate:
    PostgreSQL rejects NUL in text and UTF-8 cannot encode a surrogate, so either would otherwise
    end in a 500 (in a query, on save, or while rendering the error that echoes the input)."""
    if hasattr(data, "lists"):
        items = data.lists()
    else:
        items = data.items() if isinstance(data, dict) else [("non_field_errors", data)]
    errors = {}
    for key, value in items:
        if _unsafe_anywhere(key) or _unsafe_anywhere(value):
            name = key if isinstance(key, str) and not _unsafe(key) else "non_field_errors"
            errors[name] = [UNSAFE_TEXT]
    if errors:
        raise exceptions.ParseError(errors)


class RefuseUnsafeQuery(BaseFilterBackend):
    """Query parameters holding a NUL get a 400 naming them, before any view filters on them
    (PostgreSQL refuses NUL in a text comparison: `?city=%00` was a 500)."""

    def filter_queryset(self, request, queryset, view):
        errors = {}
        for key, values in request.query_params.lists():
            if any(_unsafe(v) for v in values) or _unsafe(key):
                errors[key if not _unsafe(key) else "non_field_errors"] = [UNSAFE_TEXT]
        if errors:
            raise exceptions.ValidationError(errors)
        return queryset


class _SafeTextMixin:
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:  # the JSON decoder's own limit, about 1,000 levels
            raise exceptions.ParseError(TOO_DEEP)
        if _depth(getattr(parsed, "data", parsed)) > MAX_NESTING:
            raise exceptions.ParseError(TOO_DEEP)
        refuse_unsafe_text(getattr(parsed, "data", parsed))
        for upload in getattr(getattr(parsed, "files", None), "values", dict)():
            if _unsafe(upload.name or ""):
                raise exceptions.ParseError({"file": [UNSAFE_TEXT]})
        return parsed


class JSONParser(_SafeTextMixin, parsers.JSONParser):
    pass


class FormParser(_SafeTextMixin, parsers.FormParser):
    pass


class MultiPartParser(_SafeTextMixin, parsers.MultiPartParser):
    pass


def exception_handler(exc, context):
    """The one translation of refusals into API answers, for every app:

    - the portal's domain errors (portal.errors) answer with their status and body
      (`detail`, `reason`, the fields' messages), in the request's language;
    - a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a JSON 413 (Django would otherwise answer the
      API with its HTML 400 page);
    - everything else as DRF does it.
    """
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_exception_handler  # views import this module

    from .errors import DomainError

    if isinstance(exc, DomainError):
        return Response(exc.as_data(), status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    return drf_exception_handler(exc, context)
