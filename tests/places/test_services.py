"""Operators edit only their own place (or the place of their base); staff confirm details,
enter closures and close change reports (audited); anyone signed in reports a change."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from accounts.models import Notification
from incubators.models import Base
from places import rules, selectors, services
from places.models import ChangeReportStatus, Closure, PlaceChangeReport, PlaceKind
from portal.errors import InvalidInput, NotAllowed, NotFound, WrongState
from portal.models import AuditAction, AuditEntry
from tests.incubators.factories import futian

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_an_operator_edits_their_place(place, place_operator):
    updated = services.place_update(
        place_slug=place.slug,
        data={"address_zh_hans": "罗湖商务中心2楼", "contact_phone": "0755-0000", "languages": ["yue", "cmn"]},
        opening_rules=[rules.WeeklyRule(frozenset({0, 1}), time(9), time(17))],
        acting_user=place_operator,
    )
    assert updated.address_zh_hans == "罗湖商务中心2楼"
    assert updated.languages == "yue,cmn"
    assert list(place.opening_rules.values_list("byday", "opens_at")) == [("MO,TU", time(9))]
    place.refresh_from_db()
    assert "罗湖商务中心2楼" in place.search_text


def test_an_operator_cannot_edit_another_place(place_operator, other_place):
    with pytest.raises(NotAllowed):
        services.place_update(place_slug=other_place.slug, data={"contact_phone": "1"}, acting_user=place_operator)
    other_place.refresh_from_db()
    assert other_place.contact_phone == ""


@pytest.mark.parametrize("role", ["youth", "mentor", "base_operator", "place_operator", None])
def test_people_who_do_not_operate_the_place_cannot_edit_it(make_user, place, role):
    with pytest.raises(NotAllowed):
        services.place_update(place_slug=place.slug, data={"contact_phone": "1"}, acting_user=make_user(role))


def test_a_base_operator_edits_the_place_of_their_base(make_user):
    operator = make_user("base_operator")
    base = Base.objects.create(name="Workshop", region=futian(), address="x")
    base.operators.add(operator)
    workshop = PlaceFactory(kind=PlaceKind.INCUBATOR_BASE, base=base)
    services.place_update(place_slug=workshop.slug, data={"border_distance_km": "2.4"}, acting_user=operator)
    workshop.refresh_from_db()
    assert workshop.border_distance_km == Decimal("2.4")
    assert selectors.place_roles(operator, workshop) >= {"operator"}
    # a base operator of another base may not
    stranger = make_user("base_operator")
    with pytest.raises(NotAllowed):
        services.place_update(place_slug=workshop.slug, data={"border_distance_km": "1"}, acting_user=stranger)


def test_staff_edit_any_place(staff, other_place):
    services.place_update(place_slug=other_place.slug, data={"website": "https://example.org"}, acting_user=staff)
    other_place.refresh_from_db()
    assert other_place.website == "https://example.org"


def test_fields_outside_the_operators_care_are_refused(place, place_operator):
    with pytest.raises(InvalidInput) as refused:
        services.place_update(place_slug=place.slug, data={"name_en": "X", "kind": "x"}, acting_user=place_operator)
    assert set(refused.value.errors) == {"name_en", "kind"}


def test_invalid_details_name_their_field(place, place_operator):
    with pytest.raises(InvalidInput) as refused:
        services.place_update(place_slug=place.slug, data={"latitude": "22.5"}, acting_user=place_operator)
    assert "longitude" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        services.place_update(place_slug=place.slug, data={"languages": ["fr"]}, acting_user=place_operator)
    assert "languages" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        services.place_update(
            place_slug=place.slug, data={"latitude": "95", "longitude": "114"}, acting_user=place_operator
        )
    assert "latitude" in refused.value.errors


def test_an_unknown_place_is_not_found(place_operator):
    with pytest.raises(NotFound):
        services.place_update(place_slug="nowhere", data={}, acting_user=place_operator)


def test_staff_confirm_the_details_and_it_is_audited(place, staff, place_operator):
    confirmed = services.place_confirm(place_slug=place.slug, acting_user=staff)
    assert confirmed.last_confirmed_at is not None and confirmed.last_confirmed_by == staff
    assert AuditEntry.objects.filter(action=AuditAction.PLACE_CONFIRMED, object_id=place.pk).count() == 1
    with pytest.raises(NotAllowed):
        services.place_confirm(place_slug=place.slug, acting_user=place_operator)


def test_staff_enter_closures(place, staff, place_operator):
    closure = services.closure_add(
        place_slug=place.slug,
        starts_on=date(2024, 3, 4),
        ends_on=date(2024, 3, 5),
        reason="Renovation",
        acting_user=staff,
    )
    assert Closure.objects.get() == closure
    with pytest.raises(InvalidInput):
        services.closure_add(
            place_slug=place.slug, starts_on=date(2024, 3, 5), ends_on=date(2024, 3, 4), reason="x", acting_user=staff
        )
    with pytest.raises(NotAllowed):
        services.closure_add(
            place_slug=place.slug,
            starts_on=date(2024, 3, 4),
            ends_on=date(2024, 3, 4),
            reason="x",
            acting_user=place_operator,
        )


def test_a_change_report_goes_to_staff_who_close_it_once_audited(
    place, staff, make_user, django_capture_on_commit_callbacks
):
    youth = make_user("youth")
    make_user("approver")
    with django_capture_on_commit_callbacks(execute=False):
        report = services.change_report_submit(place_slug=place.slug, message="  New hours: 10-19  ", acting_user=youth)
    assert report.message == "New hours: 10-19" and report.status == ChangeReportStatus.OPEN
    assert Notification.objects.filter(key=f"places:change-reported:{report.pk}").count() == 2  # reviewer, approver

    with pytest.raises(NotAllowed):
        services.change_report_close(report_id=report.pk, acting_user=youth)
    closed = services.change_report_close(report_id=report.pk, staff_note="Fixed the hours.", acting_user=staff)
    assert closed.status == ChangeReportStatus.CLOSED and closed.closed_by == staff
    entry = AuditEntry.objects.get(action=AuditAction.PLACE_REPORT_CLOSED)
    assert (entry.object_id, entry.detail) == (report.pk, {"place": place.pk})
    with pytest.raises(WrongState):
        services.change_report_close(report_id=report.pk, acting_user=staff)
    assert AuditEntry.objects.filter(action=AuditAction.PLACE_REPORT_CLOSED).count() == 1


def test_a_change_report_needs_a_message_and_a_signed_in_person(place, make_user):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(InvalidInput):
        services.change_report_submit(place_slug=place.slug, message="   ", acting_user=make_user("youth"))
    with pytest.raises(InvalidInput):
        services.change_report_submit(place_slug=place.slug, message="x" * 2001, acting_user=make_user("youth"))
    with pytest.raises(NotAllowed):
        services.change_report_submit(place_slug=place.slug, message="x", acting_user=AnonymousUser())
    assert not PlaceChangeReport.objects.exists()
