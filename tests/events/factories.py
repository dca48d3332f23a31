from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Allocation, Programme, ProgrammeKind, Session
from tests.places.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"交流團 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"交流团 {n}")
    name_en = factory.Sequence(lambda n: f"Exchange {n}")
    kind = ProgrammeKind.EXCHANGE_TRIP
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.add(*extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A first-come session of 10 places a week ahead, open for registration now."""

    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    title_zh_hant = factory.Sequence(lambda n: f"第 {n} 批")
    title_zh_hans = factory.Sequence(lambda n: f"第 {n} 批")
    title_en = factory.Sequence(lambda n: f"Batch {n}")
    meeting_point_zh_hant = "福田口岸"
    meeting_point_en = "Futian port"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))
    capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=2))
    allocation = Allocation.FIRST_COME
