"""The events API. Views parse, call a selector or a service, and render; refusals are the
portal's domain errors, answered by portal.api.exception_handler."""

from __future__ import annotations

from typing import cast

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from events import documents, selectors, services
from events.models import Registration, RegistrationState, Session
from portal.api import RefuseUnsafeQuery
from portal.errors import NotAllowed, NotFound, WrongState

from .serializers import (
    EventCheckInSerializer,
    EventProgrammeSerializer,
    EventRegisterSerializer,
    EventRegistrationCreatedSerializer,
    EventRegistrationSerializer,
    EventSessionCreateSerializer,
    EventSessionSerializer,
    EventStatsSerializer,
)

TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


def _user(request: Request) -> User:
    return cast(User, request.user)


class ProgrammeListView(generics.ListAPIView):
    """The programmes, each with its number of sessions."""

    permission_classes = [AllowAny]
    serializer_class = EventProgrammeSerializer

    def get_queryset(self):
        return selectors.programme_list().order_by("slug")


class ProgrammeStatsView(APIView):
    """A programme's figures: sessions held, participants, first-timers, no-show rate (and fill
    rate)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=EventStatsSerializer)
    def get(self, request: Request, slug: str) -> Response:
        programme = selectors.programme_by_slug(slug)
        stats = selectors.programme_stats(programme, now=timezone.now())
        return Response(EventStatsSerializer(stats).data)


@extend_schema(
    parameters=[
        OpenApiParameter("programme", OpenApiTypes.STR, description="A programme's slug."),
        OpenApiParameter("place", OpenApiTypes.STR, description="A place's slug (the places app)."),
        OpenApiParameter("upcoming", OpenApiTypes.BOOL, description="Only sessions not yet ended."),
    ]
)
class SessionListView(generics.ListCreateAPIView):
    """GET: sessions with their seats, filterable by `programme`, `place` and `upcoming=true`.
    POST: staff or the programme's organisers create a session."""

    serializer_class = EventSessionSerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        RefuseUnsafeQuery().filter_queryset(self.request, Session.objects.none(), self)
        params = self.request.query_params
        upcoming = params.get("upcoming", "").lower()
        if upcoming not in TRUE | FALSE:
            raise ValidationError({"upcoming": [_("Use upcoming=true or upcoming=false.")]})
        filters = selectors.SessionFilters(
            programme=params.get("programme", "")[:80], place=params.get("place", "")[:80], upcoming=upcoming in TRUE
        )
        return selectors.session_list(filters, now=timezone.now())

    @extend_schema(request=EventSessionCreateSerializer, responses={201: EventSessionSerializer})
    def post(self, request: Request) -> Response:
        if not selectors.can_create_sessions(request.user):
            raise NotAllowed(_("Only HR bureau staff and the programme's organisers can add sessions."))
        serializer = EventSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suffix = (get_language() or "zh-hant").replace("-", "_")
        session = services.session_create(data=serializer.data_for_service(suffix), acting_user=_user(request))
        return Response(
            EventSessionSerializer(selectors.session_by_id(session.pk)).data, status=status.HTTP_201_CREATED
        )


class SessionRegistrationsView(APIView):
    """A youth registers for the session: 201 with the registration's `id` and `state`
    (`confirmed`, `waitlisted` or `requested`); 409 for a second registration."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=EventRegisterSerializer, responses={201: EventRegistrationCreatedSerializer})
    def post(self, request: Request, session_id: int) -> Response:
        serializer = EventRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.registration_create(
            session_id=session_id, party_size=serializer.validated_data["party_size"], acting_user=_user(request)
        )
        return Response({"id": registration.pk, "state": registration.state}, status=status.HTTP_201_CREATED)


class SessionAllocateView(APIView):
    """Staff (or the programme's organisers) run a lottery session's draw now."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, session_id: int) -> Response:
        draw = services.session_allocate(session_id=session_id, acting_user=_user(request))
        return Response(
            {"session": session_id, "seed": str(draw.seed), "confirmed": draw.confirmed, "order": draw.order}
        )


class RegistrationListView(generics.ListAPIView):
    """Your own registrations (staff see all; an organiser also those of their programmes)."""

    permission_classes = [IsAuthenticated]
    serializer_class = EventRegistrationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return selectors.registration_list_for(self.request.user)


class RegistrationDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=EventRegistrationSerializer)
    def get(self, request: Request, registration_id: int) -> Response:
        return Response(EventRegistrationSerializer(selectors.registration_for(request.user, registration_id)).data)


ACTIONS = {
    "cancel": services.registration_cancel,
    "accept-offer": services.registration_accept_offer,
}


class RegistrationActionView(APIView):
    """`cancel` and `accept-offer` by the youth; `check-in` by staff."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=EventRegistrationSerializer)
    def post(self, request: Request, registration_id: int, action: str) -> Response:
        if action not in services.PERSON_ACTIONS:
            raise NotFound(_("There is no such action."))
        if action == "check-in":
            services.registration_check_in(registration_id=registration_id, acting_user=_user(request))
        else:
            ACTIONS[action](registration_id=registration_id, acting_user=_user(request))
        registration = selectors.registration_for(request.user, registration_id)
        return Response(EventRegistrationSerializer(registration).data)


class CheckInView(APIView):
    """Staff check a participant in by the typed code (the fallback when the QR code cannot be
    scanned)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=EventCheckInSerializer, responses=EventRegistrationSerializer)
    def post(self, request: Request) -> Response:
        if not selectors.can_create_sessions(request.user):  # refused before the body is read
            raise NotAllowed(_("Only HR bureau staff and the programme's organisers can check people in."))
        serializer = EventCheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.registration_check_in(
            code=serializer.validated_data["code"], acting_user=_user(request)
        )
        return Response(EventRegistrationSerializer(selectors.registration_for(request.user, registration.pk)).data)


CALENDAR_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


class CalendarView(APIView):
    """The session as an iCalendar file, for a confirmed place."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request: Request, registration_id: int) -> HttpResponse:
        registration = selectors.registration_for(request.user, registration_id)
        if registration.state not in CALENDAR_STATES:
            raise WrongState(_("The calendar file is for confirmed places."), reason="not_confirmed")
        url = request.build_absolute_uri(reverse("events:session", args=[registration.session_id]))
        response = HttpResponse(
            documents.calendar_ics(registration, url=url), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="session-{registration.session_id}.ics"'
        return response


class CertificateView(APIView):
    """A certificate of participation (PDF), once checked in."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, registration_id: int) -> HttpResponse:
        registration = selectors.registration_for(request.user, registration_id)
        if registration.state != RegistrationState.ATTENDED:
            raise WrongState(_("The certificate is for those who took part."), reason="not_attended")
        response = HttpResponse(documents.certificate_pdf(registration), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="certificate-{registration.pk}.pdf"'
        return response
