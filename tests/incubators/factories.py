from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from incubators.models import Base, ProjectCountReport, RecognitionLevel
from portal.models import Region


def region(slug: str, en: str, *, hant: str = "", hans: str = "", kind: str = "", parent: Region | None = None):
    """The Region of that slug, created with these names if missing (a district when it has a parent)."""
    kind = kind or (Region.Kind.DISTRICT if parent is not None else Region.Kind.CITY)
    return Region.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "parent": parent,
            "name_zh_hant": hant or en,
            "name_zh_hans": hans or hant or en,
            "name_en": en,
        },
    )[0]


def shenzhen() -> Region:
    return region("shenzhen", "Shenzhen", hant="深圳", hans="深圳")


def district(slug: str, en: str, *, hant: str = "", hans: str = "", city: Region | None = None) -> Region:
    """A district of `city` (Shenzhen by default)."""
    return region(slug, en, hant=hant, hans=hans, parent=city or shenzhen())


def futian() -> Region:
    return district("futian", "Futian", hant="福田區", hans="福田区")


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Base
        skip_postgeneration_save = True

    name_zh_hant = factory.Sequence(lambda n: f"測試基地 {n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试基地 {n}")
    name_en = factory.Sequence(lambda n: f"Test base {n}")
    region = factory.LazyFunction(futian)
    address_zh_hant = "福田區某路 1 號"
    address_en = "1 Some Road, Futian"
    recognition_level = RecognitionLevel.MUNICIPAL
    recognition_year = 2022

    @factory.post_generation
    def operators(self, create, extracted, **kwargs):
        if create and extracted:
            self.operators.add(*extracted)


def figures(**overrides) -> dict:
    values = {
        "incubated_total": 20,
        "incubated_hkmo": 10,
        "incubating": 8,
        "incubating_hkmo": 4,
        "members": 100,
        "members_hkmo": 30,
        "ip_items": 12,
        "financing_rmb": Decimal("1000000.00"),
    }
    values.update(overrides)
    return values


JUNE = date(2023, 6, 1)
TODAY = date(2023, 7, 5)  # when the June report is filed


def save(base, user, period=JUNE, version=None, reason="", **overrides):
    """A report filed through services.report_save, with `figures(**overrides)`."""
    from incubators import services

    return services.report_save(
        base=base,
        period=period,
        figures=figures(**overrides),
        correction_reason=reason,
        expected_version=version,
        acting_user=user,
        today=TODAY,
    )


class ReportFactory(factory.django.DjangoModelFactory):
    """A report written straight to the database (for reads and statistics); tests of writes go
    through services.report_save."""

    class Meta:
        model = ProjectCountReport

    base = factory.SubFactory(BaseFactory)
    period = date(2023, 6, 1)
    incubated_total = 20
    incubated_hkmo = 10
    incubating = 8
    incubating_hkmo = 4
    members = 100
    members_hkmo = 30
    ip_items = 12
    financing_rmb = Decimal("1000000.00")
