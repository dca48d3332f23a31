from __future__ import annotations

from datetime import time

import factory

from places import services
from places.models import HolidayCalendar, OpeningRule, Organisation, Place, PlaceKind, PlaceService, Service, TimeZone
from portal.models import Region


def region(slug: str, kind: str = "city", parent: Region | None = None, name: str | None = None) -> Region:
    return Region.objects.get_or_create(
        slug=slug,
        defaults={"kind": kind, "parent": parent, "name_zh_hant": name or slug, "name_en": name or slug},
    )[0]


def shenzhen() -> Region:
    return region("shenzhen", name="Shenzhen")


def futian() -> Region:
    return region("futian", "district", shenzhen(), "Futian District")


def hong_kong() -> Region:
    return region("hong-kong", name="Hong Kong")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"機構 {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"服務 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"服务 {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    """A mainland place in Futian, open Monday to Friday 09:00-12:00 and 14:00-18:00 unless
    `hours=[]` (no hours on record) or other hours are given."""

    class Meta:
        model = Place
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"place-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"服務點 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"服务点 {n}")
    name_en = factory.Sequence(lambda n: f"Service point {n}")
    kind = PlaceKind.SERVICE_CENTRE
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyFunction(futian)
    time_zone = TimeZone.SHANGHAI
    holiday_calendar = HolidayCalendar.MAINLAND
    latitude = None
    longitude = None

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if not create:
            return
        rows = (
            [("MO,TU,WE,TH,FR", time(9), time(12)), ("MO,TU,WE,TH,FR", time(14), time(18))]
            if extracted is None
            else extracted
        )
        OpeningRule.objects.bulk_create(
            [OpeningRule(place=self, byday=byday, opens_at=opens, closes_at=closes) for byday, opens, closes in rows]
        )

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            PlaceService.objects.bulk_create([PlaceService(place=self, service=s) for s in extracted])

    @factory.post_generation
    def operators(self, create, extracted, **kwargs):
        if create and extracted:
            self.operators.add(*extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            services.place_index(place_id=self.pk)
            self.refresh_from_db(fields=["search_text"])


def hong_kong_place(**kwargs) -> Place:
    """A reverse enclave in Hong Kong, open every day but Sunday 10:00-18:00."""
    defaults = {
        "kind": PlaceKind.REVERSE_ENCLAVE,
        "region": hong_kong(),
        "time_zone": TimeZone.HONG_KONG,
        "holiday_calendar": HolidayCalendar.HONG_KONG,
        "hours": [("MO,TU,WE,TH,FR,SA", time(10), time(18))],
    }
    return PlaceFactory(**{**defaults, **kwargs})
