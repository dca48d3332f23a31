"""Every transition, allowed and refused, for every role: each (state, action) of both tables is
tried by each kind of person, through the services. What the person holds on the object is
written here, not read from the app: the employer's users hold "employer", staff "staff", the
youth who applied "applicant"; anyone else gets 404 for an object they may not see."""

from __future__ import annotations

import pytest

from opportunities import services, workflow
from opportunities.models import ApplicationState, VacancyState
from portal.errors import DomainError, NotAllowed, NotFound, WrongState

from .factories import action_data

VACANCY_ACTORS = {"employer": {"employer"}, "staff": {"staff"}, "other_employer": set(), "youth": set()}
APPLICATION_ACTORS = {
    "employer": {"employer"},
    "staff": {"staff"},
    "applicant": {"applicant"},
    "other_employer": set(),
    "other_youth": set(),
}


def _expected(table, action, state, held):
    return table.find(action, state, held)


def _refusal(table, action, state, held) -> type[DomainError]:
    """A refusal of someone holding `held`: not theirs (no row gives them the action, or the row
    from this state is another role's) is 403; the wrong moment is 409."""
    rows = table.rows(action)
    theirs = any(role in held for t in rows for role in t.roles)
    from_here = any(state in t.sources for t in rows)
    return NotAllowed if not theirs or from_here else WrongState


@pytest.mark.parametrize("state", VacancyState.values)
@pytest.mark.parametrize("action", workflow.VACANCY_WORKFLOW.actions)
def test_vacancy_transitions(kit, state, action, other_employer, other_employer_user, make_user):
    for actor_name, held in VACANCY_ACTORS.items():
        vacancy = kit.vacancy_in(state)
        actor = {
            "employer": kit.employer_user,
            "staff": kit.staff,
            "other_employer": other_employer_user,
            "youth": make_user("youth"),
        }[actor_name]
        row = _expected(workflow.VACANCY_WORKFLOW, action, state, held)
        note = "Please state the salary"
        if row is not None:
            services.vacancy_act(vacancy_id=vacancy.pk, action=action, acting_user=actor, note=note)
            vacancy.refresh_from_db()
            assert vacancy.state == row.target, (actor_name, state, action)
            assert vacancy.transitions.last().to_state == row.target
        else:
            expected: type[DomainError]
            if not held and state != VacancyState.PUBLISHED:
                expected = NotFound
            else:
                expected = _refusal(workflow.VACANCY_WORKFLOW, action, state, held)
            with pytest.raises(expected):
                services.vacancy_act(vacancy_id=vacancy.pk, action=action, acting_user=actor, note=note)
            vacancy.refresh_from_db()
            assert vacancy.state == state


@pytest.mark.parametrize("state", ApplicationState.values)
@pytest.mark.parametrize("action", workflow.APPLICATION_WORKFLOW.actions)
def test_application_transitions(kit, state, action, other_employer_user, make_user):
    vacancy = kit.published(positions=10)
    for actor_name, held in APPLICATION_ACTORS.items():
        application = kit.application_in(state, vacancy=vacancy)
        actor = {
            "employer": kit.employer_user,
            "staff": kit.staff,
            "applicant": application.applicant,
            "other_employer": other_employer_user,
            "other_youth": make_user("youth"),
        }[actor_name]
        row = _expected(workflow.APPLICATION_WORKFLOW, action, state, held)
        if row is not None:
            services.application_act(
                application_id=application.pk, action=action, acting_user=actor, data=action_data(action)
            )
            application.refresh_from_db()
            assert application.state == row.target, (actor_name, state, action)
        else:
            if not held:
                expected: type[DomainError] = NotFound
            else:
                expected = _refusal(workflow.APPLICATION_WORKFLOW, action, state, held)
            with pytest.raises(expected):
                services.application_act(
                    application_id=application.pk, action=action, acting_user=actor, data=action_data(action)
                )
            application.refresh_from_db()
            assert application.state == state


def test_the_tables_say_who_does_what():
    """The cells that matter, written out: staff publish, employers offer, youth accept."""
    v, a = workflow.VACANCY_WORKFLOW, workflow.APPLICATION_WORKFLOW
    assert v.find("publish", "submitted", {"staff"}) and not v.find("publish", "submitted", {"employer"})
    assert v.find("return", "submitted", {"staff"}).note == "required"
    assert a.find("offer", "interview", {"employer"}) and not a.find("offer", "interview", {"applicant"})
    assert a.find("accept", "offered", {"applicant"}) and not a.find("accept", "offered", {"employer", "staff"})
    assert not a.find("withdraw", "placed", {"applicant"})
    assert a.find("reject", "submitted", {"employer"}).note == "required"
