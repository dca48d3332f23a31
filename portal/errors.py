"""The portal's domain errors: what a refused use case raises, in every app.

A service raises one of these with a message in the reader's language (a lazy translation, read
when rendered) and, where the refusal is about particular fields, `errors` = {field: [messages]}.
The API turns them into a response in one place (`portal.api.exception_handler`); pages in one
helper (`form_refusal` below). Statuses:

- InvalidInput 400: the input breaks a rule (a date out of range, a missing reason);
- NotAllowed 403: this person may not do this (wrong role, not their object);
- NotFound 404: there is no such object (or the person may not know that there is);
- WrongState 409: the object is not in a state that allows this (a decided claim);
- Conflict 409: someone else changed it first, or it already exists (a second application);
- CapacityFull 409: no place, seat, position, desk or night is left.

`reason` is a short machine code a client may act on (bookings' "full", "closed", "limit" ...);
each class has a default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise

Message = str | Promise


class DomainError(Exception):
    status = 400
    reason = "invalid"

    def __init__(
        self,
        message: Message,
        *,
        errors: Mapping[str, Sequence[Message] | Message] | None = None,
        reason: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.errors: dict[str, list[Message]] = {
            field: [messages] if isinstance(messages, str | Promise) else list(messages)
            for field, messages in (errors or {}).items()
        }
        if reason is not None:
            self.reason = reason
        self.extra: dict[str, Any] = dict(extra or {})

    @classmethod
    def on(cls, field: str, message: Message, **kwargs: Any) -> DomainError:
        """The refusal of one field: its message is also the error's message."""
        return cls(message, errors={field: [message]}, **kwargs)

    def as_data(self) -> dict[str, Any]:
        """The API body: `detail` (the message), `reason`, one list of messages per field, and
        `non_field_errors` when no field is named (the shape DRF's own validation errors have)."""
        body: dict[str, Any] = {field: [str(m) for m in messages] for field, messages in self.errors.items()}
        if not self.errors:
            body["non_field_errors"] = [str(self.message)]
        body["detail"] = str(self.message)
        body["reason"] = self.reason
        body.update(self.extra)
        return body


class InvalidInput(DomainError):
    status = 400
    reason = "invalid"


class NotAllowed(DomainError):
    status = 403
    reason = "not_allowed"


class NotFound(DomainError):
    status = 404
    reason = "not_found"


class WrongState(DomainError):
    status = 409
    reason = "wrong_state"


class Conflict(DomainError):
    status = 409
    reason = "conflict"


class Unavailable(DomainError):
    """What the server cannot do now (a system library missing, a service down): not the
    person's fault, and worth trying again later."""

    status = 503
    reason = "unavailable"


class CapacityFull(Conflict):
    status = 409
    reason = "full"


def form_refusal(form: Any, error: DomainError) -> int:
    """Show a refused use case on the page's form: each field's messages on that field (the
    form's own error summary links them), the rest at the top. Returns the HTTP status the page
    answers with."""
    named = False
    for field, messages in error.errors.items():
        if form is not None and field in form.fields:
            form.add_error(field, [str(m) for m in messages])
            named = True
        elif form is not None:
            form.add_error(None, [str(m) for m in messages])
            named = True
    if not named and form is not None:
        form.add_error(None, str(error.message))
    return error.status
