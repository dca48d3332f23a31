from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from bookings.models import AllowanceRule, Eligibility, Resource, ResourceKind, Unit
from tests.places.factories import PlaceFactory

SHENZHEN = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local instant in Shenzhen: at("2026-12-07 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHENZHEN)


class ResourceFactory(factory.django.DjangoModelFactory):
    """A meeting room of a Futian place (Monday to Friday 09:00-12:00, 14:00-18:00), booked by the
    hour by anyone signed in."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    slug = factory.Sequence(lambda n: f"resource-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"會議室 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"会议室 {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    kind = ResourceKind.ROOM
    unit = Unit.HOUR
    capacity = 1
    eligibility = Eligibility.SIGNED_IN
    max_units_per_booking = 4
    max_days_ahead = 14
    max_units_held = 8


def desk_pool(**kwargs) -> Resource:
    return ResourceFactory(**{"kind": ResourceKind.DESK_POOL, "unit": Unit.DAY, "capacity": 3, **kwargs})


def hostel(**kwargs) -> Resource:
    AllowanceRule.objects.get_or_create(
        code="youth-hostel-nights",
        defaults={"name_en": "Youth hostel nights", "name_zh_hant": "青年驛站住宿", "unit": Unit.NIGHT, "granted": 7},
    )
    defaults = {
        "kind": ResourceKind.ACCOMMODATION,
        "unit": Unit.NIGHT,
        "capacity": 20,
        "requires_approval": True,
        "check_in_required": False,
        "allowance_code": "youth-hostel-nights",
        "opening_hours": "MO-SU 00:00-23:59",
        "max_units_per_booking": 7,
        "max_units_held": 14,
        "max_days_ahead": 60,
        "place": PlaceFactory(closed_on_public_holidays=False),
    }
    return ResourceFactory(**{**defaults, **kwargs})
