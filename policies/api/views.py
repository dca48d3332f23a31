"""Read-only API of the policy guides (public), and the eligibility checker."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..forms import EligibilityForm, PolicyFilterForm
from .serializers import (
    EligibilityRequestSerializer,
    EligibilityResponseSerializer,
    EligibilityResultSerializer,
    PolicyDetailSerializer,
    PolicyListSerializer,
)

LANG_PARAMETER = OpenApiParameter("lang", str, enum=["zh-hant", "zh-hans", "en"], description="Language of the texts.")


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("category", str, description="A category slug, e.g. internship."),
            OpenApiParameter("region", str, description="A city, district or zone slug; a city covers its districts."),
            OpenApiParameter("issuer", str, description="An issuer slug."),
            OpenApiParameter("target_group", str, description="A target group slug, e.g. students."),
            OpenApiParameter("in_force", OpenApiTypes.BOOL, description="true: in force today; false: not."),
            OpenApiParameter("search", str, description="Words in any of the three languages, either script."),
            LANG_PARAMETER,
        ]
    )
)
class PolicyListAPI(generics.ListAPIView):
    """GET /api/v1/policies/ — filters `category`, `region`, `issuer`, `target_group`,
    `in_force=true|false`, `search` (any script, any language). A bad value is a 400."""

    permission_classes = [AllowAny]
    serializer_class = PolicyListSerializer
    filter_backends: list = []

    def get_queryset(self):
        form = PolicyFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        return selectors.policy_list(user=self.request.user, **form.filters())


@extend_schema_view(get=extend_schema(parameters=[LANG_PARAMETER]))
class PolicyDetailAPI(generics.RetrieveAPIView):
    """GET /api/v1/policies/<slug>/ — drafts are 404 except for HR bureau staff."""

    permission_classes = [AllowAny]
    serializer_class = PolicyDetailSerializer

    def get_object(self):
        policy = selectors.policy_by_slug(self.kwargs["slug"], user=self.request.user)
        if policy is None:
            raise Http404
        return policy


class EligibilityAPI(APIView):
    """POST /api/v1/policies/eligibility/ — `{origin, age, education, situation, city, needs,
    months}` in; `{count, results: [{slug, title, url, reasons, estimate, apply_url}]}` out."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=EligibilityRequestSerializer, responses=EligibilityResponseSerializer, parameters=[LANG_PARAMETER]
    )
    def post(self, request):
        data = request.data
        if hasattr(data, "dict") and hasattr(data, "getlist"):
            data = {**data.dict(), "needs": data.getlist("needs")}
        elif not isinstance(data, dict):
            raise ValidationError({"non_field_errors": [_("Send the answers as a JSON object.")]})
        if isinstance(data.get("needs"), str):
            data = {**data, "needs": [data["needs"]]}
        form = EligibilityForm(data)
        if not form.is_valid():
            raise ValidationError(form.errors)
        results = selectors.eligibility_matches(form.applicant(), user=request.user)
        serializer = EligibilityResultSerializer(results, many=True, context={"request": request})
        return Response({"count": len(results), "results": serializer.data})
