from __future__ import annotations

from rest_framework import serializers

from bookings.models import Booking, Resource


class ResourceSerializer(serializers.ModelSerializer):
    place: serializers.SlugRelatedField[Resource] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "name", "kind", "place", "unit", "capacity", "requires_approval"]


class AvailabilitySerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    free = serializers.IntegerField()
    closed_reason = serializers.CharField(allow_blank=True)


class BookingCreateSerializer(serializers.Serializer):
    resource = serializers.IntegerField(min_value=1)
    start = serializers.CharField(max_length=40)
    end = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BookingCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Booking
        fields = ["id", "state", "code"]


class BookingSerializer(serializers.ModelSerializer):
    resource: serializers.PrimaryKeyRelatedField[Resource] = serializers.PrimaryKeyRelatedField(read_only=True)
    start = serializers.DateTimeField(read_only=True)
    end = serializers.DateTimeField(read_only=True)
    code = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "resource",
            "start",
            "end",
            "units",
            "quantity",
            "state",
            "code",
            "free_units",
            "paid_units",
            "allocation",
            "decision_reason",
            "checked_in_at",
        ]

    def get_code(self, booking: Booking) -> str:
        """The code is the booker's (staff check people in without it)."""
        request = self.context.get("request")
        return booking.code if request is not None and request.user.pk == booking.user_id else ""


class ActionSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    allocation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AllowanceSerializer(serializers.Serializer):
    code = serializers.CharField(source="allowance.rule.code")
    name = serializers.CharField(source="allowance.rule.name")
    unit = serializers.CharField(source="allowance.rule.unit")
    granted = serializers.IntegerField(source="allowance.granted")
    used = serializers.IntegerField()
    left = serializers.IntegerField()
    valid_from = serializers.DateField(source="allowance.valid_from")
    valid_to = serializers.DateField(source="allowance.valid_to")
