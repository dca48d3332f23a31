"""/api/v1/mentorship/: the pages' twin. Mentors see and change only their own; staff see all."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import is_bureau_staff

from .. import selectors, services
from ..models import Mentee, Mentor, PublicWelfareActivity, Service
from . import serializers as s


def call(function, **kwargs):
    """Run a service, turning its refusals into DRF errors (400 with per-field messages, 403)."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "message_dict"):
            raise ValidationError({field: [str(m) for m in messages] for field, messages in error.message_dict.items()})
        raise ValidationError({"non_field_errors": [str(m) for m in error.messages]})
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error) or None)


def _user_or_400(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({"user": [_("No such user.")]})
    return user


class MentorListCreate(ListAPIView):
    """GET: approved mentors with their free places (anyone; staff see every application, with
    `?status=`). POST `{"user", ...profile}`: apply (for yourself; staff for anyone, and staff may
    create an approved mentor at once with `"status": "approved"`)."""

    serializer_class = s.MentorSerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_queryset(self):
        if is_bureau_staff(self.request.user):
            qs = Mentor.objects.all()
            wanted = self.request.query_params.get("status")
            if wanted in Mentor.Status.values:
                qs = qs.filter(status=wanted)
        else:
            qs = Mentor.objects.filter(status=Mentor.Status.APPROVED)
        return selectors.with_free_places(qs)

    def post(self, request):
        data = s.MentorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = _user_or_400(values.pop("user"))
        wanted = values.pop("status", Mentor.Status.APPLIED)
        if wanted == Mentor.Status.APPROVED and not is_bureau_staff(request.user):
            raise PermissionDenied(_("Only HR bureau staff can approve a mentor."))
        mentor = call(
            services.mentor_apply,
            user=user,
            acting_user=request.user,
            approve=wanted == Mentor.Status.APPROVED,
            **values,
        )
        mentor = selectors.with_free_places(Mentor.objects.all()).get(pk=mentor.pk)
        return Response(s.MentorSerializer(mentor).data, status=status.HTTP_201_CREATED)


class MentorDetail(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.MentorSerializer

    def get(self, request, pk: int):
        mentor = get_object_or_404(selectors.with_free_places(self._visible()), pk=pk)
        return Response(s.MentorSerializer(mentor).data)

    def _visible(self):
        if is_bureau_staff(self.request.user):
            return Mentor.objects.all()
        if self.request.user.is_authenticated:
            return Mentor.objects.filter(Q(status=Mentor.Status.APPROVED) | Q(user_id=self.request.user.pk))
        return Mentor.objects.filter(status=Mentor.Status.APPROVED)


class MentorEntitlementView(GenericAPIView):
    """The mentor's stored entitlement: per relationship, public welfare, total, claimed, claimable."""

    serializer_class = s.MentorEntitlementSerializer

    def get(self, request, pk: int):
        mentor = get_object_or_404(Mentor, pk=pk)
        if mentor.user_id != request.user.pk and not is_bureau_staff(request.user):
            raise PermissionDenied(_("You can only see your own entitlement."))
        return Response(s.MentorEntitlementSerializer(selectors.mentor_entitlement(mentor)).data)


class MenteeListCreate(ListAPIView):
    serializer_class = s.MenteeSerializer

    def get_queryset(self):
        if is_bureau_staff(self.request.user):
            return Mentee.objects.order_by("pk")
        return (
            Mentee.objects.filter(
                Q(user_id=self.request.user.pk) | Q(relationships__mentor__user_id=self.request.user.pk)
            )
            .distinct()
            .order_by("pk")
        )

    def post(self, request):
        data = s.MenteeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = _user_or_400(values.pop("user"))
        requested = values.pop("requested_mentor", None)
        mentor = None
        if requested:
            mentor = Mentor.objects.filter(pk=requested).first()
            if mentor is None:
                raise ValidationError({"requested_mentor": [_("No such mentor.")]})
        existed = Mentee.objects.filter(user=user).exists()
        mentee = call(services.mentee_register, user=user, acting_user=request.user, requested_mentor=mentor, **values)
        return Response(
            s.MenteeSerializer(mentee).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class RelationshipListCreate(ListAPIView):
    """GET: your relationships (as mentor or mentee; staff: all). POST `{"mentor", "mentee",
    "start_date"}` → 201 with `id` and `end_date`, or 400 with a message (e.g. a sixth mentee)."""

    serializer_class = s.RelationshipSerializer

    def get_queryset(self):
        return selectors.relationships_visible_to(self.request.user)

    def post(self, request):
        data = s.RelationshipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        relationship = call(
            services.relationship_create,
            mentor_id=data.validated_data["mentor"],
            mentee_id=data.validated_data["mentee"],
            start_date=data.validated_data["start_date"],
            acting_user=request.user,
        )
        relationship = selectors.relationships_visible_to(request.user).get(pk=relationship.pk)
        return Response(s.RelationshipSerializer(relationship).data, status=status.HTTP_201_CREATED)


class RelationshipDetail(GenericAPIView):
    serializer_class = s.RelationshipSerializer

    def get(self, request, pk: int):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        return Response(s.RelationshipSerializer(relationship).data)


class RelationshipEnd(GenericAPIView):
    """POST `{"ended_on", "reason"}`: staff end a relationship early."""

    serializer_class = s.RelationshipEndSerializer

    def post(self, request, pk: int):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        data = s.RelationshipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        relationship = call(
            services.relationship_end, relationship=relationship, acting_user=request.user, **data.validated_data
        )
        return Response(s.RelationshipSerializer(relationship).data)


class RelationshipEntitlementView(GenericAPIView):
    serializer_class = s.EntitlementSerializer

    def get(self, request, pk: int):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        if relationship.mentee.user_id == request.user.pk and not is_bureau_staff(request.user):
            raise PermissionDenied(_("Only the mentor and staff can see the entitlement."))
        return Response(s.EntitlementSerializer(selectors.relationship_entitlement(relationship)).data)


class ServiceListCreate(ListAPIView):
    """GET: services of your mentees (staff: all; `?relationship=`). POST `{"relationship", "kind",
    "date", ...}`: log a service for one of your own mentees."""

    serializer_class = s.ServiceSerializer

    def get_queryset(self):
        qs = Service.objects.order_by("-date", "-pk")
        if not is_bureau_staff(self.request.user):
            qs = qs.filter(relationship__mentor__user_id=self.request.user.pk)
        relationship = self.request.query_params.get("relationship", "")
        if relationship.isdigit():
            qs = qs.filter(relationship_id=int(relationship))
        return qs

    def post(self, request):
        data = s.ServiceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        service = call(
            services.service_log,
            relationship_id=values.pop("relationship"),
            acting_user=request.user,
            **{k: v for k, v in values.items() if v is not None or k in ("days", "hired_on", "insured_months")},
        )
        return Response(s.ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetail(GenericAPIView):
    """GET a service; PATCH `{"insured_months"}` on a job referral as the mentee's insurance grows."""

    serializer_class = s.ServiceSerializer

    def get_object(self):
        qs = Service.objects.all()
        if not is_bureau_staff(self.request.user):
            qs = qs.filter(relationship__mentor__user_id=self.request.user.pk)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get(self, request, pk: int):
        return Response(s.ServiceSerializer(self.get_object()).data)

    def patch(self, request, pk: int):
        service = self.get_object()
        data = s.InsuranceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = call(
            services.job_referral_update_insurance,
            service=service,
            insured_months=data.validated_data["insured_months"],
            acting_user=request.user,
        )
        return Response(s.ServiceSerializer(service).data)


class ActivityList(ListAPIView):
    serializer_class = s.ActivitySerializer

    def get_queryset(self):
        qs = PublicWelfareActivity.objects.order_by("-date", "pk")
        if not is_bureau_staff(self.request.user):
            qs = qs.filter(invitations__mentor__user_id=self.request.user.pk)
        return qs


class ActivityAttendance(GenericAPIView):
    """POST `{"mentor"}`: the mentor attended the activity (staff, or the invited mentor)."""

    serializer_class = s.AttendanceSerializer

    def post(self, request, pk: int):
        activity = get_object_or_404(PublicWelfareActivity, pk=pk)
        data = s.AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = call(
            services.attendance_record,
            activity=activity,
            mentor_id=data.validated_data["mentor"],
            acting_user=request.user,
        )
        return Response(
            {"activity": activity.pk, "mentor": invitation.mentor_id, "attended": True}, status=status.HTTP_201_CREATED
        )
