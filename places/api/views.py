"""The places API: the directory (public), one place (public; PATCH by its operators and staff),
and the whole directory as one HSDS 3 document. Views parse, call a selector or a service, and
render; refusals are the portal's domain errors, answered by portal.api.exception_handler."""

from __future__ import annotations

from typing import cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from places import hsds, selectors, services
from places.models import Language, Place, PlaceKind
from portal.api import RefuseUnsafeQuery
from portal.errors import NotAllowed, NotFound

from .serializers import (
    ChangeReportActionSerializer,
    ChangeReportSerializer,
    PlaceDetailSerializer,
    PlaceSerializer,
    PlaceUpdateSerializer,
)

TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no", ""}


def filters_from(params) -> selectors.PlaceFilters:
    kind = params.get("kind", "")
    if kind and kind not in PlaceKind.values:
        raise ValidationError({"kind": [_("Unknown kind of place.")]})
    language = params.get("language", "")
    if language and language not in Language.values:
        raise ValidationError({"language": [_("Unknown language code.")]})
    open_now = params.get("open_now", "").lower()
    if open_now not in TRUE | FALSE:
        raise ValidationError({"open_now": [_("Use open_now=true or open_now=false.")]})
    return selectors.PlaceFilters(
        q=params.get("q", "")[:200],
        kind=kind,
        region=params.get("city", "")[:80],
        open_now=open_now in TRUE,
        service=params.get("service", "")[:60],
        language=language,
    )


@extend_schema(
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=PlaceKind.values),
        OpenApiParameter("city", OpenApiTypes.STR, description="A region slug: a city, district or zone."),
        OpenApiParameter("open_now", OpenApiTypes.BOOL),
        OpenApiParameter("q", OpenApiTypes.STR, description="Search, in Traditional or Simplified Chinese or English."),
        OpenApiParameter("service", OpenApiTypes.STR, description="A service code."),
        OpenApiParameter("language", OpenApiTypes.STR, enum=Language.values),
    ]
)
class PlaceListView(generics.ListAPIView):
    """The service points, paginated; filterable by `kind`, `city` (a region slug), `open_now=true`,
    `q` (across Traditional and Simplified Chinese), `service` and `language`."""

    permission_classes = [AllowAny]
    serializer_class = PlaceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Place.objects.none()
        # The filters are read here, before DRF's filter backends run: refuse a NUL first (400).
        RefuseUnsafeQuery().filter_queryset(self.request, Place.objects.none(), self)
        self.now = timezone.now()
        return selectors.place_list(filters_from(self.request.query_params), now=self.now)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": getattr(self, "now", None) or timezone.now()}


class PlaceDetailView(APIView):
    """GET: one place with its weekly hours, the next 14 days, contact and when its details were
    last confirmed. PATCH: its operators and staff change its practical details (403 for anyone
    else signed in)."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def _render(self, request: Request, slug: str) -> Response:
        now = timezone.now()
        place = selectors.place_by_slug(slug)
        return Response(PlaceDetailSerializer(place, context={"request": request, "now": now}).data)

    @extend_schema(responses=PlaceDetailSerializer)
    def get(self, request: Request, slug: str) -> Response:
        return self._render(request, slug)

    @extend_schema(request=PlaceUpdateSerializer, responses=PlaceDetailSerializer)
    def patch(self, request: Request, slug: str) -> Response:
        place = selectors.place_by_slug(slug)  # 404 before 403: an unknown place is not found
        if not selectors.can_edit_place(request.user, place):
            raise NotAllowed(_("You can only change the places you operate."))
        serializer = PlaceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes, opening_rules = serializer.changes()
        services.place_update(
            place_slug=slug, data=changes, opening_rules=opening_rules, acting_user=cast(User, request.user)
        )
        return self._render(request, slug)


class HsdsView(APIView):
    """The whole directory as one Open Referral HSDS 3.0 document: `organizations`, `services`,
    `locations`, `service_at_locations` and `schedules` (each item valid against HSDS's JSON schema
    of its table). Text in the request's language (`?lang=` or Accept-Language)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(hsds.directory())


class ChangeReportActionView(APIView):
    """`POST /api/v1/places/change-reports/<id>/<action>/` {"staff_note"}: an action of the change
    report's table (services.CHANGE_REPORT_WORKFLOW: `close`, by HR bureau staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ChangeReportActionSerializer, responses=ChangeReportSerializer)
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in services.CHANGE_REPORT_WORKFLOW.actions:
            raise NotFound(_("There is no such action."))
        data = ChangeReportActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.change_report_close(
            report_id=pk, staff_note=data.validated_data["staff_note"], acting_user=cast(User, request.user)
        )
        return Response(ChangeReportSerializer(report).data)
