"""The incubators API: bases and their reports, the statistics, and staff's decisions on a report's
correction and flags. Views parse, call a selector or a service, and render: a service's refusal
(portal.errors) reaches the portal's one exception handler (portal.api.exception_handler)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from incubators import rules, selectors, services
from incubators.models import Base, ProjectCountReport, RecognitionLevel
from incubators.workflow import CORRECTION, FLAG, decisions

from .serializers import (
    BaseDetailSerializer,
    BaseSerializer,
    DecisionSerializer,
    FlagSerializer,
    ReportSerializer,
    StatsSerializer,
)


def _level(params) -> str:
    level = params.get("level", "")
    if level and level not in RecognitionLevel.values:
        raise ValidationError({"level": [_("Unknown recognition level.")]})
    return level


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("city", str, description="A city's slug (e.g. shenzhen), or its name in any language."),
            OpenApiParameter("district", str, description="A district's slug (e.g. futian), or its name."),
            OpenApiParameter("region", str, description="A city, district or zone slug; a city covers its districts."),
            OpenApiParameter("level", str, enum=RecognitionLevel.values),
            OpenApiParameter("q", str, description="Part of the name or address."),
        ]
    )
)
class BaseListView(generics.ListAPIView):
    """Bases, filterable by `city`, `district` (slugs, or names as before), `region` (a slug),
    `level` and `q` (name or address)."""

    permission_classes = [AllowAny]
    serializer_class = BaseSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.base_list(
            selectors.BaseFilters(
                city=params.get("city", ""),
                district=params.get("district", ""),
                region=params.get("region", ""),
                level=_level(params),
                q=params.get("q", ""),
            )
        )


class BaseDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = BaseDetailSerializer
    queryset = Base.objects.none()  # for the schema; get_object reads the base

    def get_object(self):
        base = selectors.base_detail(self.kwargs["pk"])
        if base is None:
            raise NotFound
        return base


class ReportListView(generics.ListCreateAPIView):
    """GET: the base's reports, newest first (public). POST: the base's operators file or change a
    report (send `version` to change an existing one); 400 with per-field messages, 409 when the
    report was changed meanwhile (with `current_version`)."""

    serializer_class = ReportSerializer
    queryset = ProjectCountReport.objects.none()  # for the schema; get_queryset reads the base's

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_base(self) -> Base:
        base = selectors.base_by_pk(self.kwargs["pk"])
        if base is None:
            raise NotFound
        return base

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProjectCountReport.objects.none()
        return selectors.base_reports_newest_first(self.get_base())

    def create(self, request, *args, **kwargs):
        base = self.get_base()
        services.base_operator_required(base=base, user=request.user)  # refused before the body is read
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.report_save(
            base=base,
            period=data["period"],
            figures={field: data.get(field) for field in rules.FIGURE_FIELDS},
            correction_reason=data.get("correction_reason", ""),
            expected_version=data.get("version"),
            acting_user=request.user,
        )
        created = data.get("version") is None
        return Response(
            ReportSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReportCorrectionActionView(APIView):
    """POST /reports/<id>/<action>/: HR bureau staff `accept` or `reject` the report's pending
    correction (incubators/workflow.py CORRECTION), with an optional `note`."""

    @extend_schema(request=DecisionSerializer, responses=ReportSerializer)
    def post(self, request, pk: int, action: str):
        if action not in decisions(CORRECTION):
            raise NotFound
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_correction_review(
            report_id=pk, accept=action == "accept", note=serializer.validated_data["note"], acting_user=request.user
        )
        return Response(ReportSerializer(report, context={"request": request}).data)


class FlagActionView(APIView):
    """POST /flags/<id>/<action>/: HR bureau staff `confirm` a flagged figure or `query` it with
    the operators (a `note` is then required) (incubators/workflow.py FLAG)."""

    @extend_schema(request=DecisionSerializer, responses=FlagSerializer)
    def post(self, request, pk: int, action: str):
        if action not in decisions(FLAG):
            raise NotFound
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flag = services.flag_resolve(
            flag_id=pk,
            status=FLAG.rows(action)[0].target,
            note=serializer.validated_data["note"],
            acting_user=request.user,
        )
        return Response(FlagSerializer(flag).data)


class StatsView(APIView):
    """City-wide figures for one month, each base counted with its latest report up to it (counts
    "to date" carry forward; `bases` counted, `bases_reported` for the month itself):
    `?period=YYYY-MM` (default: the last month complete by the reporting deadline),
    `level` (national_maker_space, municipal, district, none) and `region` (a city, district or
    zone slug; a city covers its districts)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period", str, description="YYYY-MM (default: the last month complete by the reporting deadline)"
            ),
            OpenApiParameter("level", str, enum=RecognitionLevel.values),
            OpenApiParameter("region", str, description="A city, district or zone slug."),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        errors = {}
        level = request.query_params.get("level", "")
        if level and level not in RecognitionLevel.values:
            errors["level"] = [_("Unknown recognition level.")]
        region = request.query_params.get("region", "")
        if region and not rules.is_slug(region):
            errors["region"] = [_("Give the region's slug, for example futian.")]
        raw_period = request.query_params.get("period")
        period = rules.parse_period(raw_period) if raw_period is not None else None
        if raw_period is not None and period is None:
            errors["period"] = [_("Enter the period as YYYY-MM, for example 2023-06.")]
        if errors:
            raise ValidationError(errors)
        filters = selectors.StatsFilters(level=level, region=region)
        if period is None:
            period = selectors.latest_period(filters)
        if period is None:
            totals = selectors.complete_totals({"period": None})
        else:
            totals = selectors.stats_totals(period=period, filters=filters)
        return Response(
            {
                "period": rules.format_period(period) if period else None,
                "level": level or None,
                "bases": totals["bases"],
                "bases_reported": totals["bases_reported"],
                **{field: totals[field] for field in rules.COUNT_FIELDS},
                "financing_rmb": f"{totals['financing_rmb']:.2f}",
                "incubated_hkmo_share": _share(totals["incubated_hkmo_share"]),
                "incubating_hkmo_share": _share(totals["incubating_hkmo_share"]),
                "members_hkmo_share": _share(totals["members_hkmo_share"]),
            }
        )


def _share(value) -> float | None:
    return None if value is None else round(float(value), 1)
