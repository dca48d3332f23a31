"""The bookings API: resources and their availability (public), your bookings (staff: those they
look after), the actions on a booking, your allowances. Refusals are the portal's domain errors,
answered by portal.api.exception_handler (409 with `reason` and a translated `detail`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from bookings import selectors, services
from bookings.models import Booking, Resource, ResourceKind
from portal.api import RefuseUnsafeQuery
from portal.errors import NotFound

from .serializers import (
    ActionSerializer,
    AllowanceSerializer,
    AvailabilitySerializer,
    BookingCreatedSerializer,
    BookingCreateSerializer,
    BookingSerializer,
    ResourceSerializer,
)


@extend_schema(
    parameters=[
        OpenApiParameter("place", OpenApiTypes.STR, description="A place's slug."),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=ResourceKind.values),
    ]
)
class ResourceListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ResourceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resource.objects.none()
        RefuseUnsafeQuery().filter_queryset(self.request, Resource.objects.none(), self)
        kind = self.request.query_params.get("kind", "")
        if kind and kind not in ResourceKind.values:
            raise ValidationError({"kind": [_("Unknown kind of resource.")]})
        return selectors.resource_list(place=self.request.query_params.get("place", "")[:80], kind=kind)


def _date(params, name: str) -> date:
    try:
        return date.fromisoformat(params.get(name, ""))
    except ValueError:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]}) from None


class AvailabilityView(APIView):
    """Per unit from `from` to `to` (dates, inclusive, at most 31 days): `free` units and, when
    closed, `closed_reason` in the reader's language."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
        ],
        responses=AvailabilitySerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        resource = selectors.resource_by_id(pk)
        start, end = _date(request.query_params, "from"), _date(request.query_params, "to")
        if end < start:
            raise ValidationError({"to": [_("The end must come after the start.")]})
        if end - start >= timedelta(days=selectors.MAX_AVAILABILITY_DAYS):
            raise ValidationError({"to": [_("Ask for at most 31 days at once.")]})
        rows = selectors.availability(resource, start, end)
        return Response(AvailabilitySerializer(rows, many=True).data)


class BookingListView(generics.ListCreateAPIView):
    """GET: your bookings (bureau staff: all; a place's operators: its resources' too). POST: book."""

    serializer_class = BookingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_visible_to(cast(User, self.request.user))

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingCreatedSerializer})
    def post(self, request: Request) -> Response:
        body = BookingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booking = services.booking_create(
            resource_id=body.validated_data["resource"],
            start=body.validated_data["start"],
            end=body.validated_data["end"],
            quantity=body.validated_data["quantity"],
            note=body.validated_data["note"],
            acting_user=cast(User, request.user),
        )
        return Response(BookingCreatedSerializer(booking).data, status=status.HTTP_201_CREATED)


class BookingDetailView(APIView):
    @extend_schema(responses=BookingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        booking = selectors.booking_visible(cast(User, request.user), pk)
        return Response(BookingSerializer(booking, context={"request": request}).data)


class BookingActionView(APIView):
    """`cancel` (the booker), `check-in` (the booker with `code`, or staff), `approve` and
    `reject` (with `reason`) by staff."""

    @extend_schema(request=ActionSerializer, responses=BookingSerializer, operation_id="v1_bookings_action")
    def post(self, request: Request, pk: int, action: str) -> Response:
        if action not in ("cancel", "check-in", "approve", "reject"):
            raise NotFound(_("There is no such action."))
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booking = services.booking_act(
            booking_id=pk, action=action, acting_user=cast(User, request.user), data=body.validated_data
        )
        return Response(BookingSerializer(booking, context={"request": request}).data)


class AllowanceListView(APIView):
    @extend_schema(responses=AllowanceSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(AllowanceSerializer(selectors.allowances_of(cast(User, request.user)), many=True).data)
