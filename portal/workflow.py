"""One transition table per workflow, as data: from which states, to which state, which role, and
whether a note is required. The services enforce it (`Workflow.check`); the pages offer the
buttons it allows (`Workflow.available`) and the API routes its actions (`Workflow.actions`).

Roles are the portal's roles (`accounts.roles`) plus the relations a workflow defines for an
object ("applicant", "mentor", "operator", "employer" ...): the app says which of them a person
holds on an object, this table says what each may do. An action may have several rows: a claim
is returned by a reviewer from review, by an approver from recommended.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .errors import InvalidInput, NotAllowed, WrongState
from .forms import free_text_errors

NOTE_NONE, NOTE_OPTIONAL, NOTE_REQUIRED = "none", "optional", "required"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str | Promise = ""
    note: str = NOTE_NONE
    note_field: str = "note"  # the field the page and the API read the note from


class Workflow:
    def __init__(self, name: str, transitions: Sequence[Transition], *, state_label=None) -> None:
        self.name = name
        self.transitions = tuple(transitions)
        self._state_label = state_label or (lambda state: state)

    @property
    def actions(self) -> list[str]:
        """Every action name, in table order (the API's `<action>` routes)."""
        seen: list[str] = []
        for t in self.transitions:
            if t.action not in seen:
                seen.append(t.action)
        return seen

    def rows(self, action: str) -> list[Transition]:
        return [t for t in self.transitions if t.action == action]

    def find(self, action: str, state: str, roles: Collection[str]) -> Transition | None:
        """The row that lets someone with `roles` take `action` from `state`, if any."""
        for t in self.rows(action):
            if state in t.sources and any(role in roles for role in t.roles):
                return t
        return None

    def available(self, state: str, roles: Collection[str]) -> list[Transition]:
        """What a person with `roles` may do from `state` (a page's buttons), one row an action."""
        found: dict[str, Transition] = {}
        for t in self.transitions:
            if t.action not in found and state in t.sources and any(role in roles for role in t.roles):
                found[t.action] = t
        return list(found.values())

    def check(self, action: str, state: str, roles: Collection[str], *, note: str | None = None) -> Transition:
        """The row allowing it, or the refusal: NotAllowed when the action is not the person's
        (none of their roles may take it, or from this state it is another role's), WrongState
        when nobody may take it from this state, InvalidInput when the note the row requires is
        empty."""
        rows = self.rows(action)
        if not rows:
            raise InvalidInput(_("There is no such action."))
        transition = self.find(action, state, roles)
        if transition is None:
            # Not this person's to take: no row gives them the action, or the row for this very
            # state is another role's (a reviewer rejecting a claim the approver now decides).
            # Anything else is the wrong moment: nobody may take the action from this state.
            theirs = any(role in roles for t in rows for role in t.roles)
            from_here = any(state in t.sources for t in rows)
            if not theirs or from_here:
                raise NotAllowed(_("You are not allowed to do this."))
            raise WrongState(format_lazy(_("This cannot be done while it is {state}."), state=self._state_label(state)))
        if transition.note == NOTE_REQUIRED and not (note or "").strip():
            raise InvalidInput.on(transition.note_field, _("Give a reason."))
        problems = free_text_errors(note or "")
        if problems:  # the one free-text limit, whatever sent the note (portal.forms)
            raise InvalidInput(problems[0], errors={transition.note_field: problems})
        return transition

    def states(self) -> set[str]:
        every: set[str] = set()
        for t in self.transitions:
            every.update(t.sources)
            every.add(t.target)
        return every

    def roles(self) -> set[str]:
        return {role for t in self.transitions for role in t.roles}

    def triples(self, states: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """Every (state, action, role) the table could be asked about: what a test walks."""
        return [
            (state, action, role)
            for state in sorted(states or self.states())
            for action in self.actions
            for role in sorted(self.roles())
        ]
