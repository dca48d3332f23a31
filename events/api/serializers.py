"""The events API's shapes (the contract of issue 18: names kept exactly)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from events.models import Allocation, Programme, Registration, Session


class EventProgrammeSerializer(serializers.ModelSerializer):
    sessions_count = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(source="organisation.name", default=None, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "sessions_count",
            "description",
            "organisation",
            "min_age",
            "max_age",
            "residency",
            "audience",
        ]


class EventStatsSerializer(serializers.Serializer):
    sessions_held = serializers.IntegerField()
    participants = serializers.IntegerField()
    first_timers = serializers.IntegerField()
    no_show_rate = serializers.FloatField(help_text="No-show seats over confirmed seats of held sessions (0 to 1).")
    fill_rate = serializers.FloatField(help_text="Seats taken over the capacity of held sessions (0 to 1).")


class EventSessionSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.slug", read_only=True)
    place = serializers.CharField(source="place.slug", default=None, read_only=True, allow_null=True)
    confirmed = serializers.IntegerField(read_only=True, help_text="Confirmed seats (then attended or no-show).")
    offered = serializers.IntegerField(read_only=True, help_text="Seats offered to the waiting list, held 48 hours.")
    waitlisted = serializers.IntegerField(read_only=True, help_text="Seats asked for on the waiting list.")
    requested = serializers.IntegerField(read_only=True, help_text="Seats asked for before a lottery's draw.")

    class Meta:
        model = Session
        fields = [
            "id",
            "programme",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "meeting_point",
            "capacity",
            "confirmed",
            "offered",
            "waitlisted",
            "requested",
            "allocation",
            "registration_opens_at",
            "registration_closes_at",
            "allocated_at",
        ]


class EventSessionCreateSerializer(serializers.Serializer):
    programme = serializers.SlugField(max_length=80)
    title = serializers.CharField(max_length=200, required=False, help_text="In the request's language.")
    title_zh_hant = serializers.CharField(max_length=200, required=False)
    title_zh_hans = serializers.CharField(max_length=200, required=False)
    title_en = serializers.CharField(max_length=200, required=False)
    place = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    meeting_point = serializers.CharField(max_length=300, required=False, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    allocation = serializers.ChoiceField(choices=Allocation.choices, default=Allocation.FIRST_COME)
    registration_opens_at = serializers.DateTimeField()
    registration_closes_at = serializers.DateTimeField()

    def data_for_service(self, language_suffix: str) -> dict[str, Any]:
        data = dict(self.validated_data)
        for field in ("title", "meeting_point"):
            value = data.pop(field, None)
            if value:
                data.setdefault(f"{field}_{language_suffix}", value)
        return {k: v for k, v in data.items() if v not in (None, "")}


class EventRegisterSerializer(serializers.Serializer):
    party_size = serializers.IntegerField(
        default=1, help_text="1, or 2 with a companion (places together or not at all)."
    )


class EventCheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class EventRegistrationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()


class EventRegistrationSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="session_id", read_only=True)
    session_title = serializers.CharField(source="session.title", read_only=True)
    programme = serializers.CharField(source="session.programme.slug", read_only=True)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="session.ends_at", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "session_title",
            "programme",
            "starts_at",
            "ends_at",
            "party_size",
            "state",
            "code",
            "offer_expires_at",
            "queue_position",
            "first_timer",
            "created_at",
            "checked_in_at",
        ]
