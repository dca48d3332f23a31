"""mentorship.selectors only read: every one of them runs under a guard that fails on any INSERT,
UPDATE or DELETE, on a world where nothing is stored yet (where reads used to recompute and write
the entitlements, and the rate schedules) and once it is; entitlements are what is stored, said to
be "being recomputed" when a change is newer."""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import QuerySet

from mentorship import selectors, services
from mentorship.models import MentorEntitlement, RateSchedule, RelationshipEntitlement, Service

from .factories import MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.date(2024, 1, 1)
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE")


class ReadOnly:
    """A database guard: any statement that writes fails the test, naming it."""

    def __init__(self):
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            self.writes.append(sql)
            raise AssertionError(f"a selector wrote: {sql[:120]}")
        return execute(sql, params, many, context)


def _world():
    relationship = RelationshipFactory()
    Service.objects.create(relationship=relationship, kind="career_guidance", date=START)
    return relationship


def _arguments(relationship) -> dict[str, object]:
    """A value for every parameter name the selectors take."""
    mentor = relationship.mentor
    return {
        "user": mentor.user,
        "mentor": mentor,
        "relationship": relationship,
        "mentor_id": mentor.pk,
        "mentor_ids": [mentor.pk],
        "mentor_user_id": mentor.user_id,
        "mentor_user_ids": [mentor.user_id, UserFactory().pk],
        "relationship_ids": [relationship.pk],
        "schedules": selectors.rate_schedules(),
        "day": START,
        "queryset": mentor.__class__.objects.all(),
    }


def _selectors():
    return [
        (name, function)
        for name, function in inspect.getmembers(selectors, inspect.isfunction)
        if function.__module__ == selectors.__name__ and not name.startswith("_")
    ]


@pytest.mark.parametrize("stored", [False, True], ids=["nothing stored yet", "stored"])
def test_no_selector_writes(stored):
    relationship = _world()
    if stored:
        services.entitlement_recompute(mentor_id=relationship.mentor_id)
    arguments = _arguments(relationship)
    guard = ReadOnly()
    called = []
    with connection.execute_wrapper(guard):
        for name, function in _selectors():
            parameters = inspect.signature(function).parameters
            missing = [p for p in parameters if p not in arguments and parameters[p].default is inspect._empty]
            assert not missing, f"{name}: give this test a value for {missing}"
            kwargs = {p: arguments[p] for p in parameters if p in arguments}
            positional = [
                kwargs.pop(p) for p, v in parameters.items() if v.kind is v.POSITIONAL_OR_KEYWORD and p in kwargs
            ]
            result = function(*positional, **kwargs)
            if isinstance(result, QuerySet):
                list(result)
            called.append(name)
    assert not guard.writes
    assert {"relationship_entitlement", "mentor_entitlement", "mentor_entitlement_summary", "rate_schedules"} <= set(
        called
    )
    assert MentorEntitlement.objects.exists() is stored  # reading stored nothing


def test_rate_schedules_are_the_migrations_and_only_read():
    rates = selectors.rate_schedules()
    assert [r.effective_from for r in rates] == [dt.date(2023, 6, 14)]
    assert (rates[0].career_guidance_rate, rates[0].career_guidance_cap) == (Decimal("200"), Decimal("1000"))
    RateSchedule.objects.all().delete()
    assert selectors.rate_schedules() == []  # no longer put back by a read


def test_reads_return_what_is_stored_and_say_when_it_is_being_recomputed():
    relationship = RelationshipFactory()
    mentor = relationship.mentor
    # nothing logged, nothing stored: zero, and nothing to recompute
    assert selectors.relationship_entitlement(relationship)["being_recomputed"] is False
    assert selectors.mentor_entitlement(mentor)["being_recomputed"] is False

    services.service_log(
        relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=mentor.user
    )  # its recomputation waits for the commit (never, in this test)
    amounts = selectors.relationship_entitlement(relationship)
    assert (amounts["total"], amounts["being_recomputed"]) == (Decimal("0"), True)
    summary = selectors.mentor_entitlement(mentor)
    assert (summary["total"], summary["being_recomputed"], summary["computed_at"]) == (Decimal("0"), True, None)
    assert not MentorEntitlement.objects.exists() and not RelationshipEntitlement.objects.exists()

    services.entitlement_recompute(mentor_id=mentor.pk)  # what the task does
    amounts = selectors.relationship_entitlement(relationship)
    assert (amounts["total"], amounts["being_recomputed"]) == (Decimal("200"), False)
    assert selectors.mentor_entitlement(mentor)["being_recomputed"] is False

    # a later service: the stored amounts stay, said to be stale until recomputed
    services.service_log(
        relationship_id=relationship.pk,
        kind="career_guidance",
        date=START + dt.timedelta(days=1),
        acting_user=mentor.user,
    )
    amounts = selectors.relationship_entitlement(relationship)
    assert (amounts["total"], amounts["being_recomputed"]) == (Decimal("200"), True)
    summary = selectors.mentor_entitlement(mentor)
    assert (summary["total"], summary["being_recomputed"]) == (Decimal("200"), True)
    # the subsidies app's contract keeps its keys
    assert "being_recomputed" not in selectors.mentor_entitlement_summary(mentor_user_id=mentor.user_id)


def test_an_attendance_newer_than_the_stored_entitlement_is_being_recomputed():
    staff = UserFactory(role="reviewer")
    mentor = MentorFactory()
    services.entitlement_recompute(mentor_id=mentor.pk)
    activity = services.activity_create(acting_user=staff, date=START, title="分享会", invite=[mentor])
    services.attendance_record(activity=activity, mentor_id=mentor.pk, acting_user=staff)
    assert selectors.mentor_entitlement(mentor)["being_recomputed"] is True
    services.entitlement_recompute(mentor_id=mentor.pk)
    assert selectors.mentor_entitlement(mentor)["being_recomputed"] is False


def test_the_page_says_being_recomputed(client):
    relationship = RelationshipFactory()
    services.service_log(
        relationship_id=relationship.pk, kind="career_guidance", date=START, acting_user=relationship.mentor.user
    )
    client.force_login(relationship.mentor.user)
    assert (
        'data-testid="being-recomputed"' in client.get(f"/en/mentors/relationships/{relationship.pk}/").content.decode()
    )
    assert 'data-testid="being-recomputed"' in client.get("/en/mentors/my-mentees/").content.decode()
    services.entitlement_recompute(mentor_id=relationship.mentor_id)
    assert "being-recomputed" not in client.get(f"/en/mentors/relationships/{relationship.pk}/").content.decode()
