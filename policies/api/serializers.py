from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import rules
from ..models import Policy
from ..presenters import apply_url, describe_estimate
from ..selectors import benefits_of, fallbacks_used, latest_public_change


class BenefitSerializer(serializers.Serializer):
    """An amount of the guide, computed from its subsidy schemes' rules in force today."""

    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    unit = serializers.CharField()
    ceiling = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    # a declared field named "label" (DRF's metaclass takes it out of the class body); the stubs
    # read it as an override of Field.label
    label = serializers.CharField()  # type: ignore[assignment]
    beneficiary = serializers.CharField()
    education_level = serializers.CharField(allow_blank=True)


class PolicyListSerializer(serializers.ModelSerializer):
    """A guide in the reader's language (`?lang=` or Accept-Language; fallbacks as on the pages)."""

    categories = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    issuer = serializers.CharField(source="issuer.name")
    region = serializers.CharField(source="region.name")
    region_slug = serializers.CharField(source="region.slug")
    benefits = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = [
            "slug",
            "title",
            "summary",
            "categories",
            "target_groups",
            "issuer",
            "region",
            "region_slug",
            "benefits",
            "effective_from",
            "effective_to",
            "in_force",
            "status",
            "published_at",
            "url",
        ]

    @extend_schema_field(BenefitSerializer(many=True))
    def get_benefits(self, policy: Policy) -> list[dict]:
        return list(BenefitSerializer(benefits_of(policy), many=True).data)

    def get_categories(self, policy: Policy) -> list[str]:
        return [category.slug for category in policy.categories.all()]

    def get_target_groups(self, policy: Policy) -> list[str]:
        return [group.slug for group in policy.target_groups.all()]

    def get_in_force(self, policy: Policy) -> bool:
        return rules.in_force(policy.effective_from, policy.effective_to, timezone.localdate())

    def get_url(self, policy: Policy) -> str:
        request = self.context.get("request")
        path = policy.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PolicyDetailSerializer(PolicyListSerializer):
    # A declared field named "source" (DRF's metaclass takes it out of the class body); the stubs
    # read it as an override of Field.source, the attribute path.
    source = serializers.SerializerMethodField()  # type: ignore[assignment]
    fallback = serializers.SerializerMethodField()
    last_updated = serializers.SerializerMethodField()
    apply_url = serializers.SerializerMethodField()

    class Meta(PolicyListSerializer.Meta):
        fields = PolicyListSerializer.Meta.fields + [
            "body",
            "eligibility",
            "benefits_text",
            "how_to_apply",
            "source",
            "last_updated",
            "fallback",
            "apply_url",
        ]

    def get_source(self, policy: Policy) -> dict:
        return {
            "title": policy.source_title,
            "issuer": policy.source_issuer,
            "date": policy.source_date.isoformat() if policy.source_date else None,
            "reference": policy.source_reference,
            "url": policy.source_url,
        }

    def get_fallback(self, policy: Policy) -> list[dict]:
        """Fields shown in another language because they are missing in the requested one."""
        return [{"field": used.field, "language": used.language} for used in fallbacks_used(policy)]

    def get_last_updated(self, policy: Policy) -> dict | None:
        change = latest_public_change(policy)
        if change is None:
            return None
        return {"date": timezone.localdate(change.changed_at).isoformat(), "what_changed": change.summary}

    def get_apply_url(self, policy: Policy) -> str | None:
        url = apply_url(policy)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url


class EligibilityResultSerializer(serializers.Serializer):
    """One matching guide: why it fits, and what it could pay this person."""

    def to_representation(self, result) -> dict:
        request = self.context.get("request")
        policy = result.policy
        url = apply_url(policy)
        estimate = result.estimate
        return {
            "slug": policy.slug,
            "title": policy.title,
            "summary": policy.summary,
            "url": request.build_absolute_uri(policy.get_absolute_url()) if request else policy.get_absolute_url(),
            "reasons": list(result.reasons),
            "estimate": None
            if estimate is None
            else {
                "amount": f"{estimate.amount:.2f}",
                "currency": estimate.currency,
                "months": estimate.months,
                "description": describe_estimate(estimate),
            },
            "apply_url": request.build_absolute_uri(url) if url and request else url,
        }


# --- For the OpenAPI schema of POST /api/v1/policies/eligibility/ (validation is forms.EligibilityForm,
# shared with the page, so both give the same per-field messages).


class EligibilityRequestSerializer(serializers.Serializer):
    origin = serializers.ChoiceField(choices=["hk", "macau"])
    age = serializers.IntegerField(min_value=14, max_value=80)
    education = serializers.ChoiceField(choices=["secondary", "associate", "bachelor", "master", "phd"])
    situation = serializers.ChoiceField(choices=["studying", "employed", "unemployed", "startup"])
    city = serializers.SlugField(
        required=False, help_text="A city's or a district's region slug, e.g. shenzhen or futian."
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=["job", "internship", "funding", "housing", "mentor"]), required=False
    )
    months = serializers.IntegerField(min_value=1, max_value=24, required=False, default=3)
    financing = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, help_text="RMB raised, if any."
    )


class EstimateSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    months = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()


class EligibilityMatchSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.URLField()
    reasons = serializers.ListField(child=serializers.CharField())
    estimate = EstimateSerializer(allow_null=True)
    apply_url = serializers.URLField(allow_null=True)


class EligibilityResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = EligibilityMatchSerializer(many=True)
