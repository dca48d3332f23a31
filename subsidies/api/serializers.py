from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.forms import FREE_TEXT_MAX_LENGTH

from .. import selectors, workflow
from ..models import Claim, ClaimState, EducationLevel, IdentityType, PaymentBatch, Scheme


class RequiredDocumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SchemeSerializer(serializers.ModelSerializer):
    policy_slug = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()
    ceiling = serializers.SerializerMethodField()
    required_documents = RequiredDocumentSerializer(many=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "code",
            "name",
            "policy_slug",
            "applicant_role",
            "annual_budget",
            "rule",
            "ceiling",
            "required_documents",
        ]

    def get_policy_slug(self, scheme: Scheme) -> str:
        """The slug of the scheme's policy guide ("" when none): read through the link."""
        return scheme.policy.slug if scheme.policy is not None else ""

    def get_rule(self, scheme: Scheme) -> dict | None:
        return selectors.rule_as_dict(selectors.current_rule(scheme))

    def get_ceiling(self, scheme: Scheme) -> str | None:
        rule = selectors.current_rule(scheme)
        return str(rule.ceiling) if rule and rule.ceiling is not None else None


@extend_schema_field(OpenApiTypes.STR)
class SchemeField(serializers.Field):
    """A scheme by its code (`futian-internship`) or its id."""

    default_error_messages = {"unknown": "Unknown scheme."}

    def to_representation(self, scheme: Scheme) -> str:
        return scheme.code

    def to_internal_value(self, data) -> Scheme:
        from django.utils.translation import gettext as _

        qs = Scheme.objects.prefetch_related("required_documents")
        scheme = None
        # ASCII digits only ("²" is a digit to str.isdigit, not to int); no NUL byte, which
        # PostgreSQL refuses in text (a DataError, then a 500, found under fuzzing).
        if isinstance(data, int) or (isinstance(data, str) and data.isascii() and data.isdigit()):
            scheme = qs.filter(pk=int(data)).first()
        elif isinstance(data, str) and "\x00" not in data:
            scheme = qs.filter(code=data).first()
        if scheme is None:
            raise serializers.ValidationError(_("There is no such scheme."))
        return scheme


class ClaimCreateSerializer(serializers.Serializer):
    scheme = SchemeField()
    requested_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    education_level = serializers.ChoiceField(choices=EducationLevel.choices, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    financing_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    period = serializers.CharField(max_length=20, required=False, allow_blank=True)
    registration_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    base = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)
    identity_type = serializers.ChoiceField(choices=IdentityType.choices, required=False, allow_blank=True)
    identity_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    payee_bank = serializers.CharField(max_length=100, required=False, allow_blank=True)
    payee_account_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    payee_account_number = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ClaimUpdateSerializer(ClaimCreateSerializer):
    """PATCH claims/<id>/: the fields of POST, each optional; the ones not sent keep their value.
    A claim keeps its scheme (naming another is refused)."""

    scheme = SchemeField(required=False)


class ClaimListSerializer(serializers.ModelSerializer):
    scheme = SchemeField()
    # plain text rather than an enum: keeps the schema's enum names free of collisions
    state = serializers.CharField(read_only=True, help_text=", ".join(ClaimState.values))
    scheme_name = serializers.CharField(source="scheme.name")
    identity_number = serializers.CharField(source="masked_identity")
    payee_account_number = serializers.CharField(source="masked_account", help_text="The last four digits only.")
    calculation = serializers.CharField(source="calculation_words")
    base = serializers.IntegerField(source="base_id", allow_null=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "reference",
            "scheme",
            "scheme_name",
            "state",
            "requested_amount",
            "eligible_amount",
            "approved_amount",
            "calculation",
            "education_level",
            "start_date",
            "end_date",
            "financing_amount",
            "company_name",
            "period",
            "registration_number",
            "base",
            "identity_number",
            "payee_bank",
            "payee_account_name",
            "payee_account_number",
            "created_at",
            "submitted_at",
            "declared_at",
        ]


class TransitionSerializer(serializers.Serializer):
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.SerializerMethodField()
    note = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)  # only decisions carry one
    at = serializers.DateTimeField(source="created_at")

    def get_actor(self, transition) -> str:
        return str(transition.actor) if transition.actor else ""


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    kind = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()

    def get_url(self, document) -> str:
        """The permission-checked download (applicant and staff only)."""
        from django.urls import reverse

        return reverse("subsidies:document", args=[document.pk])


class ConflictSerializer(serializers.Serializer):
    """A claim of the same person under a scheme that cannot be combined with this one."""

    id = serializers.IntegerField()
    scheme = serializers.CharField(source="scheme.code")
    scheme_name = serializers.CharField(source="scheme.name")
    state = serializers.CharField()


class ClaimDetailSerializer(ClaimListSerializer):
    timeline = TransitionSerializer(source="transitions", many=True)
    documents = DocumentSerializer(many=True)
    decision_reason = serializers.CharField()
    exclusive_conflicts = serializers.SerializerMethodField(
        help_text="For the applicant, before submitting: their claims under schemes exclusive with this one."
    )

    class Meta(ClaimListSerializer.Meta):
        fields = ClaimListSerializer.Meta.fields + ["decision_reason", "documents", "timeline", "exclusive_conflicts"]

    @extend_schema_field(ConflictSerializer(many=True))
    def get_exclusive_conflicts(self, claim: Claim) -> list[dict]:
        """The applicant's own claims that this scheme cannot be combined with (the rule staff's
        flag uses), while the claim can still be changed or withdrawn before submitting."""
        if claim.state not in workflow.EDITABLE_STATES:
            return []
        conflicts = selectors.exclusive_conflicts(claim.applicant, claim.scheme, claim)
        return list(ConflictSerializer(conflicts, many=True).data)


class ApproveSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=FREE_TEXT_MAX_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=FREE_TEXT_MAX_LENGTH)


class SubmitSerializer(NoteSerializer):
    """A submission: `declaration` true stores the declaration (true and complete, consent to
    checks) with the claim, as the page's required tick does."""

    declaration = serializers.BooleanField(required=False, default=False)


class ReturnSerializer(NoteSerializer):
    """A return: the questions (`note` or `reason`) and the codes of the scheme's documents asked for."""

    documents = serializers.ListField(child=serializers.SlugField(max_length=60), required=False, max_length=50)


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.CharField()


class PaymentBatchSerializer(serializers.ModelSerializer):
    claims = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True, help_text="open, paid")

    class Meta:
        model = PaymentBatch
        fields = ["id", "reference", "state", "total", "created_at", "paid_at", "claims"]

    def get_claims(self, batch) -> list[int]:
        return [item.claim_id for item in batch.items.all()]


class PaymentBatchCreateSerializer(serializers.Serializer):
    claims = serializers.ListField(child=serializers.IntegerField(), required=False)
