"""The opportunities API (a contract: the issue's paths and field names). Views parse, call a
selector or a service, and render; refusals are the portal's domain errors, answered by
portal.api.exception_handler (400/403/404/409)."""

from __future__ import annotations

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from opportunities import selectors, services, workflow
from opportunities.models import Application, Vacancy, VacancyKind
from portal.api import FormParser, JSONParser, MultiPartParser, RefuseUnsafeQuery
from portal.errors import NotFound

from . import serializers as s


def filters_from(params) -> selectors.VacancyFilters:
    kind = params.get("kind", "")
    if kind and kind not in VacancyKind.values:
        raise ValidationError({"kind": [_("Unknown kind of vacancy.")]})
    return selectors.VacancyFilters(
        q=params.get("q", "")[:200], kind=kind, city=params.get("city", "")[:80], plan=params.get("plan", "")[:60]
    )


@extend_schema(
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=VacancyKind.values),
        OpenApiParameter("city", OpenApiTypes.STR, description="A region slug: a city, district or zone."),
        OpenApiParameter("q", OpenApiTypes.STR, description="Search, in Traditional or Simplified Chinese or English."),
    ]
)
class VacancyList(generics.ListCreateAPIView):
    """GET: the vacancies (the public sees published ones; an employer's users also their own in
    every state; staff all), filterable by `kind`, `city` and `q`. POST: a draft, by an employer's
    users or the operators of the base it posts for."""

    serializer_class = s.VacancySerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Vacancy.objects.none()
        RefuseUnsafeQuery().filter_queryset(self.request, Vacancy.objects.none(), self)
        return selectors.vacancy_list(self.request.user, filters_from(self.request.query_params))

    @extend_schema(request=s.VacancyCreateSerializer, responses={201: s.VacancyDetailSerializer})
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        body = s.VacancyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vacancy = services.vacancy_create(acting_user=cast(User, request.user), data=body.as_input())
        fresh = selectors.vacancy_get(request.user, vacancy.pk)
        return Response(s.VacancyDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)


class VacancyDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.VacancyDetailSerializer)
    def get(self, request, pk: int):
        return Response(s.VacancyDetailSerializer(selectors.vacancy_get(request.user, pk)).data)


class VacancyAction(APIView):
    """POST vacancies/<id>/<action>/: submit, publish (staff), return (staff, {"reason"}), close
    and withdraw."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="opportunities_vacancies_action",
        request=s.VacancyActionSerializer,
        responses=s.VacancyDetailSerializer,
    )
    def post(self, request, pk: int, action: str):
        if action not in workflow.VACANCY_WORKFLOW.actions:
            raise NotFound(_("There is no such action."))
        selectors.vacancy_get(request.user, pk)  # 404 for a vacancy this person may not see
        body = s.VacancyActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = body.validated_data.get("reason") or body.validated_data.get("note") or ""
        services.vacancy_act(vacancy_id=pk, action=action, acting_user=cast(User, request.user), note=note)
        return Response(s.VacancyDetailSerializer(selectors.vacancy_get(request.user, pk)).data)


class ApplicationList(generics.ListCreateAPIView):
    """GET: the youth's own applications; an employer's, those to its vacancies; staff, all.
    POST {"vacancy", "note"} (JSON, or multipart with `cv`, a PDF): 201 with `id` and `state`, 409
    for a second application or a vacancy not taking applications."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.ApplicationSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        return selectors.visible_applications(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=s.ApplicationCreateSerializer, responses={201: s.ApplicationSerializer})
    def post(self, request, *args, **kwargs):
        return self.create(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        body = s.ApplicationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        application = services.application_create(
            applicant=cast(User, request.user),
            vacancy_id=data["vacancy"],
            note=data.get("note") or "",
            education_level=data.get("education_level") or "",
            cv=data.get("cv"),
        )
        fresh = selectors.application_get(request.user, application.pk)
        return Response(s.ApplicationSerializer(fresh).data, status=status.HTTP_201_CREATED)


class ApplicationDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.ApplicationSerializer)
    def get(self, request, pk: int):
        return Response(s.ApplicationSerializer(selectors.application_get(request.user, pk)).data)


class ApplicationAction(APIView):
    """POST applications/<id>/<action>/: shortlist, interview ({"at", "place"}), offer, reject
    ({"reason"}), place ({"start_date"}) and complete by the employer; accept, decline and
    withdraw by the youth. `accept` answers 409 when the positions are taken."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="opportunities_applications_action",
        request=s.ApplicationActionSerializer,
        responses=s.ApplicationSerializer,
    )
    def post(self, request, pk: int, action: str):
        if action not in workflow.APPLICATION_WORKFLOW.actions:
            raise NotFound(_("There is no such action."))
        selectors.application_get(request.user, pk)
        body = s.ApplicationActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.application_act(
            application_id=pk, action=action, acting_user=cast(User, request.user), data=body.as_input()
        )
        return Response(s.ApplicationSerializer(selectors.application_get(request.user, pk)).data)


class ApplicationClaim(APIView):
    """POST applications/<id>/claim/ (the youth, once placed): 201 {"claim": <id>}, a draft claim
    of the subsidies app with the placement's facts filled in."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        claim = services.application_claim(application_id=pk, acting_user=cast(User, request.user))
        return Response({"claim": claim.pk}, status=status.HTTP_201_CREATED)
