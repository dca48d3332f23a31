"""factory_boy factories for policy guides. Published guides go through services.policy_publish
in tests that care about history; these factories set the columns directly for speed."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from policies.models import Category, Issuer, Policy, TargetGroup
from policies.services import policy_refresh_search
from portal.models import Region


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"issuer-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"發布機構{n}")
    name_zh_hans = factory.Sequence(lambda n: f"发布机构{n}")
    name_en = factory.Sequence(lambda n: f"Issuer {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = "shenzhen"
    kind = Region.Kind.CITY
    name_zh_hant = "深圳"
    name_zh_hans = "深圳"
    name_en = "Shenzhen"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"類別{n}")
    name_zh_hans = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_zh_hant = factory.Sequence(lambda n: f"對象{n}")
    name_zh_hans = factory.Sequence(lambda n: f"对象{n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"policy-{n}")
    status = Policy.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    title_zh_hant = factory.Sequence(lambda n: f"政策指南{n}")
    title_zh_hans = factory.Sequence(lambda n: f"政策指南{n}")
    title_en = factory.Sequence(lambda n: f"Policy guide {n}")
    summary_zh_hant = "支援港澳青年。"
    summary_zh_hans = "支持港澳青年。"
    summary_en = "Support for Hong Kong and Macau youth."
    issuer = factory.SubFactory(IssuerFactory)
    region = factory.SubFactory(RegionFactory)
    effective_from = datetime.date(2023, 1, 1)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)

    @factory.post_generation
    def refresh_search(self, create, extracted, **kwargs):
        if create:
            policy_refresh_search(policy=self)


def paying_scheme(policy, *, code: str | None = None, applicant_role: str = "youth", **rule):
    """A subsidy scheme of the guide with one rule version (from 2023): the only place a guide's
    amounts live. `rule`: kind and its figures (a monthly rate by default)."""
    from tests.subsidies.factories import SchemeFactory, SchemeRuleFactory

    scheme = SchemeFactory(policy=policy, applicant_role=applicant_role, **({"code": code} if code else {}))
    rule = {"kind": "monthly_by_education", "rates": {"master": "2500"}, **rule}
    if rule["kind"] == "monthly_by_education":
        rule.setdefault("amount", None)
    SchemeRuleFactory(scheme=scheme, **rule)
    return scheme
