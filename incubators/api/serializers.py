from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import is_bureau_staff
from incubators import rules, selectors
from incubators.models import AnomalyFlag, Base, BasePhoto, ProjectCountReport
from portal.forms import FREE_TEXT_MAX_LENGTH
from portal.models import Region


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2023-06"})
class PeriodField(serializers.Field):
    """A month written YYYY-MM; stored as its first day."""

    default_error_messages = {"invalid": _("Enter the period as YYYY-MM, for example 2023-06.")}

    def to_representation(self, value):
        return rules.format_period(value)

    def to_internal_value(self, data):
        period = rules.parse_period(data if isinstance(data, str) else None)
        if period is None:
            self.fail("invalid")
        return period


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = BasePhoto
        fields = ["id", "image", "width", "height", "caption"]


class BaseSerializer(serializers.ModelSerializer):
    """A base. `city` and `district` are the names, in the request's language, of the city and
    district its `region` (a Region slug) lies in (selectors.with_places annotates them)."""

    city = serializers.CharField(source="city_name", read_only=True)
    district = serializers.CharField(source="district_name", read_only=True)
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    recognition_level_display = serializers.CharField(source="get_recognition_level_display", read_only=True)
    focus_industries = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()

    class Meta:
        model = Base
        fields = [
            "id",
            "name",
            "city",
            "district",
            "region",
            "address",
            "floor_area_m2",
            "opened_on",
            "operator_organisation",
            "recognition_level",
            "recognition_level_display",
            "recognition_year",
            "national_maker_space",
            "focus_industries",
            "services",
            "border_crossing",
            "border_distance_km",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
        ]

    def get_focus_industries(self, base: Base) -> list[str]:
        return base.focus_industry_list()

    def get_services(self, base: Base) -> list[str]:
        return base.service_list()


class BaseDetailSerializer(BaseSerializer):
    description = serializers.CharField(read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    latest_report = serializers.SerializerMethodField()

    class Meta(BaseSerializer.Meta):
        fields = [*BaseSerializer.Meta.fields, "description", "photos", "latest_report"]

    def get_latest_report(self, base: Base) -> dict | None:
        report = selectors.latest_report(base)
        return ReportSerializer(report).data if report else None


class ReportSerializer(serializers.ModelSerializer):
    """A report has the statistics' field names (without `bases`), `period` written YYYY-MM.
    Types only here: the rules are applied by services.report_save (rules.report_errors)."""

    period = PeriodField()
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    correction_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH
    )

    class Meta:
        model = ProjectCountReport
        fields = [
            "id",
            "period",
            *rules.FIGURE_FIELDS,
            "correction_reason",
            "correction_status",
            "version",
            "updated_at",
        ]
        read_only_fields = ["id", "correction_status", "updated_at"]
        extra_kwargs = {field: {"required": False, "allow_null": True} for field in rules.FIGURE_FIELDS}

    def get_fields(self):
        fields = super().get_fields()
        for name in rules.FIGURE_FIELDS:
            field = fields[name]
            # rules.report_errors gives the messages for missing and negative figures
            field.validators = [v for v in field.validators if type(v).__name__ not in {"MinValueValidator"}]
            if hasattr(field, "min_value"):
                field.min_value = None
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._may_see_correction_reason():
            # The reason is the operator's note to bureau staff: not for the public. (Whether a
            # correction was made stays visible: it explains a count that went down.)
            data.pop("correction_reason", None)
        return data

    def _may_see_correction_reason(self) -> bool:
        if "_may_see_correction_reason" in self.context:
            return self.context["_may_see_correction_reason"]
        request = self.context.get("request")
        view = self.context.get("view")
        if request is None or not request.user.is_authenticated:
            return False
        if request.method != "GET" or is_bureau_staff(request.user):
            return True  # writing: only the base's operators get this far (the view checks)
        base_id = getattr(view, "kwargs", {}).get("pk")
        allowed = bool(base_id and selectors.user_operates_base(request.user, int(base_id)))
        # One query per request, not per row: the context is the dict the list's serializers share
        # (the stubs give it as a read-only Mapping).
        self.context["_may_see_correction_reason"] = allowed  # type: ignore[index]
        return allowed


class DecisionSerializer(serializers.Serializer):
    """Staff's note on a decision (required to query a figure: incubators/workflow.py)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=FREE_TEXT_MAX_LENGTH)


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnomalyFlag
        fields = [
            "id",
            "report",
            "kind",
            "field",
            "previous_value",
            "current_value",
            "status",
            "resolution_note",
            "resolved_at",
        ]
        read_only_fields = fields


class StatsSerializer(serializers.Serializer):
    """The totals of the bases' reports for one month (documentation of the stats endpoint)."""

    period = serializers.CharField(allow_null=True, help_text="YYYY-MM")
    level = serializers.CharField(allow_null=True)
    bases = serializers.IntegerField(help_text="Bases counted, each with its latest report up to the period.")
    bases_reported = serializers.IntegerField(help_text="Bases that reported for the period itself.")
    incubated_total = serializers.IntegerField()
    incubated_hkmo = serializers.IntegerField()
    incubating = serializers.IntegerField()
    incubating_hkmo = serializers.IntegerField()
    members = serializers.IntegerField()
    members_hkmo = serializers.IntegerField()
    ip_items = serializers.IntegerField()
    financing_rmb = serializers.DecimalField(max_digits=18, decimal_places=2)
    incubated_hkmo_share = serializers.FloatField(allow_null=True)
    incubating_hkmo_share = serializers.FloatField(allow_null=True)
    members_hkmo_share = serializers.FloatField(allow_null=True)
