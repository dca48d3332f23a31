"""The subsidies API: thin views over selectors and services. A refused use case is a portal
domain error, answered by the portal's one handler (portal.api.exception_handler) with its status
(400 bad input, 403 wrong actor, 404 no such thing, 409 wrong state) and its body: `detail`, each
field's messages, `reason`."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles
from portal.api import FormParser, MultiPartParser

from .. import selectors, services, workflow
from ..forms import DECLARATION
from ..models import Claim, ClaimTransition, PaymentBatch, PaymentBatchItem
from . import serializers as s


class SchemeList(generics.ListAPIView):
    """Schemes with the rule in force today, its ceiling and the required documents."""

    permission_classes = [AllowAny]
    serializer_class = s.SchemeSerializer

    def get_queryset(self):
        return selectors.schemes_with_rules().filter(is_open=True).order_by("ordering", "id")


class ClaimList(generics.ListCreateAPIView):
    """Applicants: their own claims. Staff: every submitted claim."""

    serializer_class = s.ClaimListSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Claim.objects.none()
        qs = selectors.claims_visible_to(self.request.user).order_by("-created_at", "-id")
        state = self.request.query_params.get("state")
        if state:
            qs = qs.filter(state=state)
        scheme = self.request.query_params.get("scheme")
        if scheme:
            qs = qs.filter(scheme__code=scheme)
        return qs

    @extend_schema(request=s.ClaimCreateSerializer, responses={201: s.ClaimDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        scheme = v.pop("scheme")
        if "base" in v:
            v["base_id"] = v.pop("base")
        claim = services.claim_create(
            applicant=request.user,
            scheme=scheme,
            identity_type=v.pop("identity_type", ""),
            identity_number=v.pop("identity_number", ""),
            data=services.ClaimInput(**{k: val for k, val in v.items() if val is not None}),
        )
        return Response(
            s.ClaimDetailSerializer(_detail_queryset(request.user).get(pk=claim.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _detail_queryset(user):
    return selectors.claims_visible_to(user).prefetch_related(
        Prefetch("transitions", queryset=ClaimTransition.objects.select_related("actor").order_by("created_at", "id")),
        "documents",
    )


class ClaimDetail(generics.RetrieveAPIView):
    """GET a claim; PATCH: its applicant changes a draft or a returned claim (the fields of
    POST; those not sent keep their value), checked as the claim form and POST are."""

    serializer_class = s.ClaimDetailSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Claim.objects.none()
        return _detail_queryset(self.request.user)

    @extend_schema(request=s.ClaimUpdateSerializer, responses={200: s.ClaimDetailSerializer})
    def patch(self, request, pk: int):
        claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)
        body = s.ClaimUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        v = dict(body.validated_data)
        scheme = v.pop("scheme", claim.scheme)
        if "base" in v:
            v["base_id"] = v.pop("base")
        if scheme.pk != claim.scheme_id:
            raise services.InvalidInput.on("scheme", _("A claim keeps its scheme: start a new claim for another."))
        current = {f: getattr(claim, f) for f in services.CLAIM_FIELDS}
        current.update({k: val for k, val in v.items() if k in services.CLAIM_FIELDS})
        blanked = {k: "" for k in _TEXT_FIELDS if current.get(k) is None}
        services.claim_update(
            claim_id=claim.pk,
            actor=request.user,
            data=services.ClaimInput(**{**current, **blanked}),
            identity_type=v.get("identity_type", ""),
            identity_number=v.get("identity_number", ""),
        )
        return Response(s.ClaimDetailSerializer(_detail_queryset(request.user).get(pk=claim.pk)).data)


_TEXT_FIELDS = ("education_level", "company_name", "period", "registration_number")


class ClaimDocuments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.DocumentUploadSerializer, responses={201: s.DocumentSerializer})
    def post(self, request, pk: int):
        claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)
        data = s.DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.claim_document_add(
            claim_id=claim.pk,
            actor=request.user,
            kind=data.validated_data["kind"],
            upload=data.validated_data["file"],
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _body_serializer(action: str) -> type[serializers.Serializer]:
    """What an action's body holds: approve an amount (and a reason), reject a reason (required),
    the others an optional note."""
    if action == "approve":
        return s.ApproveSerializer
    if action == "reject":
        return s.ReasonSerializer
    if action == "return":
        return s.ReturnSerializer
    if action == "submit":
        return s.SubmitSerializer
    return s.NoteSerializer


class ClaimAction(APIView):
    """POST claims/<id>/<action>/ for each action of the claim's transition table
    (subsidies/workflow.py): submit, withdraw, start-review, return, resubmit, recommend,
    approve ({"amount", "reason"}), reject ({"reason"}), return ({"note", "documents": [codes]}).
    One view, dispatched by name to the service (services.claim_act)."""

    @extend_schema(
        operation_id="subsidies_claims_action", request=s.ApproveSerializer, responses={200: s.ClaimDetailSerializer}
    )
    def post(self, request, pk: int, action: str):
        if action not in workflow.CLAIM_WORKFLOW.actions:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        claim = get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)
        body = _body_serializer(action)(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # The API's submit keeps its contract (issue 4): `declaration` is taken and stored when a
        # client sends it, and not required of clients written before it existed. The page requires it.
        services.claim_act(
            claim_id=claim.pk,
            actor=request.user,
            action=action,
            note=data.get("note") or data.get("reason") or "",
            amount=data.get("amount"),
            documents=data.get("documents") or (),
            declaration=str(DECLARATION) if action == "submit" and data.get("declaration") else "",
        )
        return Response(s.ClaimDetailSerializer(_detail_queryset(request.user).get(pk=claim.pk)).data)


class PaymentBatchList(generics.ListCreateAPIView):
    serializer_class = s.PaymentBatchSerializer

    def get_queryset(self):
        if not roles.is_bureau_staff(self.request.user):
            return PaymentBatch.objects.none()
        return PaymentBatch.objects.prefetch_related(
            Prefetch("items", queryset=PaymentBatchItem.objects.order_by("claim_id"))
        ).order_by("-created_at", "-id")

    @extend_schema(request=s.PaymentBatchCreateSerializer, responses={201: s.PaymentBatchSerializer})
    def create(self, request, *args, **kwargs):
        body = s.PaymentBatchCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.payment_batch_create(actor=request.user, claim_ids=body.validated_data.get("claims"))
        return Response(s.PaymentBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class PaymentBatchMarkPaid(APIView):
    @extend_schema(request=None, responses={200: s.PaymentBatchSerializer})
    def post(self, request, pk: int):
        if not roles.is_bureau_staff(request.user):
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        batch = services.payment_batch_mark_paid(batch_id=pk, actor=request.user)
        return Response(s.PaymentBatchSerializer(batch).data)
