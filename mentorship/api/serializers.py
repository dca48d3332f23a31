"""API shapes. Writes go through `mentorship.services`; these only parse and render."""

from __future__ import annotations

from rest_framework import serializers

from portal.forms import FREE_TEXT_MAX_LENGTH

from ..models import Mentee, Mentor, MentorRelationship, PublicWelfareActivity, Service

PROFILE = ["display_name", "industries", "employer", "mainland_experience", "languages", "district", "bio"]


class MentorSerializer(serializers.ModelSerializer):
    free_places = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Mentor
        fields = ["id", "user", "status", *PROFILE, "free_places"]
        read_only_fields = ["id", "user", "status", "free_places"]


class MentorCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[Mentor.Status.APPLIED, Mentor.Status.APPROVED], required=False)
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    industries = serializers.CharField(max_length=300, required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    mainland_experience = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False, allow_blank=True)


class MentorDecisionSerializer(serializers.Serializer):
    """The body of a decision on an application (`mentors/<pk>/approve/`, `.../reject/`): the
    note, which a rejection requires (its reason: the table says so, the service checks it)."""

    note = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")


class MenteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mentee
        fields = ["id", "user", "status", "status_since", "wants_mentor", "requested_mentor", "interests"]
        read_only_fields = ["id"]
        extra_kwargs: dict[str, dict[str, object]] = {"user": {"validators": []}}


class MenteeCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Mentee.Status.choices)
    status_since = serializers.DateField()
    wants_mentor = serializers.BooleanField(required=False)
    requested_mentor = serializers.IntegerField(required=False, allow_null=True)
    interests = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False, allow_blank=True)


class RelationshipSerializer(serializers.ModelSerializer):
    mentee_name = serializers.SerializerMethodField()
    mentor_name = serializers.CharField(source="mentor.display_name", read_only=True)

    class Meta:
        model = MentorRelationship
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "mentee",
            "mentee_name",
            "start_date",
            "end_date",
            "ended_on",
            "end_reason",
        ]

    def get_mentee_name(self, relationship) -> str:
        return str(relationship.mentee.user)


class RelationshipCreateSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()
    mentee = serializers.IntegerField()
    start_date = serializers.DateField()
    # staff only: the mentee keeps their current mentor beside this one
    second_mentor = serializers.BooleanField(required=False, default=False)


class RelationshipEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH)


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = [
            "id",
            "relationship",
            "kind",
            "date",
            "topic",
            "notes",
            "days",
            "employer",
            "position",
            "hired_on",
            "insured_months",
        ]


class ServiceCreateSerializer(serializers.Serializer):
    relationship = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Service.Kind.choices)
    date = serializers.DateField()
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=FREE_TEXT_MAX_LENGTH, required=False, allow_blank=True, default="")
    days = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=366)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    hired_on = serializers.DateField(required=False, allow_null=True)
    insured_months = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=600)
    evidence = serializers.FileField(required=False, allow_null=True)


class InsuranceUpdateSerializer(serializers.Serializer):
    insured_months = serializers.IntegerField(min_value=0, max_value=600)


class AttendanceSerializer(serializers.Serializer):
    mentor = serializers.IntegerField()


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicWelfareActivity
        fields = ["id", "title", "description", "date", "location"]


class AmountsSerializer(serializers.Serializer):
    career_guidance = serializers.DecimalField(max_digits=12, decimal_places=2)
    internship_guidance = serializers.DecimalField(max_digits=12, decimal_places=2)
    job_referral = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class EntitlementSerializer(AmountsSerializer):
    """The stored amounts; `being_recomputed` when a service (or an attendance) is newer than them."""

    being_recomputed = serializers.BooleanField()


class RelationshipEntitlementSerializer(AmountsSerializer):
    relationship_id = serializers.IntegerField()
    mentee_name = serializers.CharField()


class MentorEntitlementSerializer(EntitlementSerializer):
    public_welfare = serializers.DecimalField(max_digits=12, decimal_places=2)
    claimed = serializers.DecimalField(max_digits=12, decimal_places=2)
    claimable = serializers.DecimalField(max_digits=12, decimal_places=2)
    relationships = RelationshipEntitlementSerializer(many=True)
