"""The incubators API: bases and their reports, and the statistics."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from incubators import rules, selectors, services
from incubators.models import Base, ProjectCountReport, RecognitionLevel

from .serializers import BaseDetailSerializer, BaseSerializer, ReportSerializer, StatsSerializer


class BaseListView(generics.ListAPIView):
    """Bases, filterable by `city`, `district`, `level` and `q` (name or address)."""

    permission_classes = [AllowAny]
    serializer_class = BaseSerializer

    def get_queryset(self):
        params = self.request.query_params
        level = params.get("level", "")
        if level and level not in RecognitionLevel.values:
            raise ValidationError({"level": [_("Unknown recognition level.")]})
        return selectors.base_list(
            selectors.BaseFilters(
                city=params.get("city", ""), district=params.get("district", ""), level=level, q=params.get("q", "")
            )
        )


class BaseDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = BaseDetailSerializer
    queryset = Base.objects.prefetch_related("photos")


class ReportListView(generics.ListCreateAPIView):
    """GET: the base's reports, newest first (public). POST: the base's operators file or change a
    report (send `version` to change an existing one); 400 with per-field messages, 409 when the
    report was changed meanwhile."""

    serializer_class = ReportSerializer
    queryset = ProjectCountReport.objects.none()  # for the schema; get_queryset reads the base's

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_base(self) -> Base:
        return get_object_or_404(Base, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProjectCountReport.objects.none()
        return self.get_base().reports.order_by("-period", "pk")

    def create(self, request, *args, **kwargs):
        base = self.get_base()
        if not services.user_operates_base(request.user, base):
            raise PermissionDenied(_("You can only file reports for the bases you operate."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            report = services.report_save(
                base=base,
                period=data["period"],
                figures={field: data.get(field) for field in rules.FIGURE_FIELDS},
                correction_reason=data.get("correction_reason", ""),
                expected_version=data.get("version"),
                acting_user=request.user,
            )
        except services.ReportValidationError as invalid:
            raise ValidationError(invalid.errors)
        except services.StaleReportError as stale:
            return Response(
                {"version": [stale.message], "current_version": stale.current_version}, status=status.HTTP_409_CONFLICT
            )
        created = data.get("version") is None
        return Response(
            ReportSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class StatsView(APIView):
    """Totals of the bases' reports for one month: `?period=YYYY-MM` (default: the latest) and
    `level` (national_maker_space, municipal, district, none)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="YYYY-MM (default: the latest month reported)"),
            OpenApiParameter("level", str, enum=RecognitionLevel.values),
        ],
        responses=StatsSerializer,
    )
    def get(self, request):
        errors = {}
        level = request.query_params.get("level", "")
        if level and level not in RecognitionLevel.values:
            errors["level"] = [_("Unknown recognition level.")]
        raw_period = request.query_params.get("period")
        period = rules.parse_period(raw_period) if raw_period is not None else None
        if raw_period is not None and period is None:
            errors["period"] = [_("Enter the period as YYYY-MM, for example 2023-06.")]
        if errors:
            raise ValidationError(errors)
        filters = selectors.StatsFilters(level=level)
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
                **{field: totals[field] for field in rules.COUNT_FIELDS},
                "financing_rmb": f"{totals['financing_rmb']:.2f}",
                "incubated_hkmo_share": _share(totals["incubated_hkmo_share"]),
                "incubating_hkmo_share": _share(totals["incubating_hkmo_share"]),
                "members_hkmo_share": _share(totals["members_hkmo_share"]),
            }
        )


def _share(value) -> float | None:
    return None if value is None else round(float(value), 1)
