"""The places API's shapes. Read serializers take a Place from the selectors (with `open_now`
set for lists) and the instant in the context."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from places import rules, selectors
from places.models import Language, Place, PlaceChangeReport
from places.services import EDITABLE_FIELDS, TRANSLATED_FIELDS
from portal.forms import FREE_TEXT_MAX_LENGTH


class ServiceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OpeningRuleSerializer(serializers.Serializer):
    """A weekly rule, as HSDS / iCal write it: `byday` "MO,TU,WE", `opens_at`/`closes_at` HH:MM
    in the place's time zone."""

    byday = serializers.CharField(max_length=20)
    opens_at = serializers.TimeField(format="%H:%M")
    closes_at = serializers.TimeField(format="%H:%M")
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            weekdays = rules.parse_byday(attrs["byday"])
        except ValueError:
            raise serializers.ValidationError({"byday": [_("Use iCal day codes separated by commas: MO,TU,WE.")]})
        if attrs["closes_at"] <= attrs["opens_at"]:
            raise serializers.ValidationError({"closes_at": [_("The closing time must be after the opening time.")]})
        if attrs.get("valid_from") and attrs.get("valid_to") and attrs["valid_to"] < attrs["valid_from"]:
            raise serializers.ValidationError({"valid_to": [_("The end of validity cannot be before its start.")]})
        attrs["rule"] = rules.WeeklyRule(
            weekdays=weekdays,
            opens_at=attrs["opens_at"],
            closes_at=attrs["closes_at"],
            valid_from=attrs.get("valid_from"),
            valid_to=attrs.get("valid_to"),
        )
        return attrs


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    opens_at = serializers.TimeField(format="%H:%M", allow_null=True)
    closes_at = serializers.TimeField(format="%H:%M", allow_null=True)
    closed_reason = serializers.CharField(allow_null=True)
    closed_code = serializers.ChoiceField(
        choices=["holiday", "closure", "regular", "unknown"],
        allow_null=True,
        help_text="Why it is closed: a public holiday, a closure entered by staff, a day the weekly rules do not open "
        "on, or no hours on record (to be confirmed).",
    )
    kind = serializers.CharField(help_text="regular, holiday, makeup_workday or closure")
    holiday = serializers.CharField(allow_null=True, help_text="The holiday or make-up working day's name")
    periods = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


def day_representation(day: rules.DayHours, *, hours_known: bool) -> dict[str, Any]:
    closed_code: str | None = None
    reason: str | None = None
    if day.closed:
        if day.kind == rules.DayKind.HOLIDAY:
            closed_code, reason = "holiday", str(_("Public holiday: {name}")).format(name=day.name)
        elif day.kind == rules.DayKind.CLOSURE:
            closed_code, reason = "closure", str(_("Closed: {reason}")).format(reason=day.name)
        elif not hours_known:
            closed_code, reason = "unknown", str(_("Opening hours to be confirmed"))
        else:
            closed_code, reason = "regular", str(_("Closed"))
    return {
        "date": day.day,
        "opens_at": day.opens_at,
        "closes_at": day.closes_at,
        "closed_reason": reason,
        "closed_code": closed_code,
        "kind": str(day.kind),
        "holiday": day.name if day.kind in (rules.DayKind.HOLIDAY, rules.DayKind.MAKEUP_WORKDAY) else None,
        "periods": [[f"{opens:%H:%M}", f"{closes:%H:%M}"] for opens, closes in day.periods],
    }


class PlaceSerializer(serializers.Serializer):
    """A place in the list: the contract's fields, and a few more."""

    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    city = serializers.SerializerMethodField()
    city_slug = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    district_slug = serializers.SerializerMethodField()
    zone = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField(help_text="Empty: to be confirmed.")
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    open_now = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()

    def _regions(self, place: Place):
        cache = self.__dict__.setdefault("_region_cache", {})
        if place.pk not in cache:
            cache[place.pk] = selectors.city_and_district(place)
        return cache[place.pk]

    def get_city(self, place: Place) -> str:
        return self._regions(place)[0].name

    def get_city_slug(self, place: Place) -> str:
        return self._regions(place)[0].slug

    @extend_schema_field({"type": "string", "nullable": True})
    def get_district(self, place: Place) -> str | None:
        district = self._regions(place)[1]
        return district.name if district else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_district_slug(self, place: Place) -> str | None:
        district = self._regions(place)[1]
        return district.slug if district else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_zone(self, place: Place) -> str | None:
        zone = self._regions(place)[2]
        return zone.name if zone else None

    def get_address(self, place: Place) -> str:
        return place.address or ""

    @extend_schema_field({"type": "number", "nullable": True})
    def get_latitude(self, place: Place) -> float | None:
        return float(place.latitude) if place.latitude is not None else None

    @extend_schema_field({"type": "number", "nullable": True})
    def get_longitude(self, place: Place) -> float | None:
        return float(place.longitude) if place.longitude is not None else None

    def get_open_now(self, place: Place) -> bool:
        value = getattr(place, "open_now", None)
        if value is None:
            value = selectors.place_is_open(place, self.context["now"])
        return bool(value)

    @extend_schema_field(ServiceRefSerializer(many=True))
    def get_services(self, place: Place) -> list[dict[str, str]]:
        return [{"code": ps.service.code, "name": ps.service.name} for ps in place.place_services.all()]

    @extend_schema_field({"type": "array", "items": {"type": "string", "enum": Language.values}})
    def get_languages(self, place: Place) -> list[str]:
        return place.language_codes


class PlaceDetailSerializer(PlaceSerializer):
    description = serializers.CharField()
    organisation = serializers.SerializerMethodField()
    time_zone = serializers.CharField()
    holiday_calendar = serializers.CharField()
    opening_hours = serializers.SerializerMethodField()
    hours_to_be_confirmed = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    schedule_notes = serializers.SerializerMethodField()
    next_open = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    transport_notes = serializers.CharField()
    border_crossing = serializers.CharField()
    border_distance_km = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    accessibility_notes = serializers.CharField()
    opened_on = serializers.DateField(allow_null=True)
    opened_precision = serializers.CharField()
    opened_note = serializers.CharField()
    source_title = serializers.CharField()
    source_url = serializers.CharField()
    base = serializers.IntegerField(source="base_id", allow_null=True)
    last_confirmed = serializers.DateTimeField(source="last_confirmed_at", allow_null=True)

    def _schedule(self, place: Place):
        cache = self.__dict__.setdefault("_schedule_cache", {})
        if place.pk not in cache:
            cache[place.pk] = selectors.place_schedule(place, instant=self.context["now"])
        return cache[place.pk]

    def get_organisation(self, place: Place) -> dict[str, str]:
        return {"slug": place.organisation.slug, "name": place.organisation.name}

    @extend_schema_field(OpeningRuleSerializer(many=True))
    def get_opening_hours(self, place: Place) -> list[dict[str, Any]]:
        return [
            {
                "byday": row.byday,
                "opens_at": f"{row.opens_at:%H:%M}",
                "closes_at": f"{row.closes_at:%H:%M}",
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            for row in place.opening_rules.all()
        ]

    def get_hours_to_be_confirmed(self, place: Place) -> bool:
        return not place.opening_rules.all()

    @extend_schema_field(DaySerializer(many=True))
    def get_schedule(self, place: Place) -> list[dict[str, Any]]:
        days, hours = self._schedule(place)
        return list(DaySerializer([day_representation(day, hours_known=hours.known) for day in days], many=True).data)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_schedule_notes(self, place: Place) -> list[str]:
        _days, hours = self._schedule(place)
        return [str(message) for message in unknown_year_notes(hours.unknown_makeup_years)]

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_next_open(self, place: Place) -> datetime | None:
        opening = selectors.place_next_opening(place, self.context["now"])
        if opening is None:
            return None
        return max(opening.starts, self.context["now"].astimezone(opening.starts.tzinfo)).isoformat()  # type: ignore[return-value]

    @extend_schema_field(
        {"type": "object", "properties": {k: {"type": "string"} for k in ("phone", "email", "website")}}
    )
    def get_contact(self, place: Place) -> dict[str, str]:
        return {"phone": place.contact_phone, "email": place.contact_email, "website": place.website}


def unknown_year_notes(years: frozenset[int]) -> list[Any]:
    from django.utils.text import format_lazy

    return [
        format_lazy(
            _(
                "The mainland's make-up working days for {year} are not yet in the calendar data: weekend hours "
                "that year may change."
            ),
            year=year,
        )
        for year in sorted(years)
    ]


class PlaceUpdateSerializer(serializers.Serializer):
    """PATCH: any of the practical details. A translated text (`description`, `address`,
    `transport_notes`, `border_crossing`, `accessibility_notes`) is written in the request's
    language, or in a named one with its suffix (`address_zh_hans`). `opening_hours` replaces the
    weekly rules. `languages` is a list of codes (yue, cmn, en)."""

    opening_hours = OpeningRuleSerializer(many=True, required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.values), required=False)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    border_distance_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, required=False, allow_null=True, min_value=0
    )
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in TRANSLATED_FIELDS:
            limit = 300 if field == "address" else (120 if field == "border_crossing" else 5000)
            for name in (field, *(f"{field}_{suffix}" for suffix in ("zh_hant", "zh_hans", "en"))):
                self.fields[name] = serializers.CharField(max_length=limit, required=False, allow_blank=True)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("This detail cannot be changed here.")] for key in unknown})
        return super().to_internal_value(data)

    def changes(self) -> tuple[dict[str, Any], list[rules.WeeklyRule] | None]:
        """(model field -> value, weekly rules or None) for services.place_update."""
        data = dict(self.validated_data)
        hours = data.pop("opening_hours", None)
        suffix = (get_language() or "zh-hant").replace("-", "_")
        changes: dict[str, Any] = {}
        for key, value in data.items():
            name = f"{key}_{suffix}" if key in TRANSLATED_FIELDS else key
            changes[name] = value
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:  # pragma: no cover - the fields above are all editable
            raise serializers.ValidationError({key: [_("This detail cannot be changed here.")] for key in unknown})
        return changes, None if hours is None else [item["rule"] for item in hours]


class ChangeReportActionSerializer(serializers.Serializer):
    staff_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH)


class ChangeReportSerializer(serializers.ModelSerializer):
    place: serializers.SlugRelatedField[Place] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PlaceChangeReport
        fields = ["id", "place", "status", "staff_note", "closed_at"]
        read_only_fields = fields
