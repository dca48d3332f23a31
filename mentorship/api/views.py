"""/api/v1/mentorship/: the pages' twin. Mentors see and change only their own; staff see all.

Views parse, call a service and render: a service's refusal (portal.errors) propagates to the
portal's one API handler (`portal.api.exception_handler`), which answers with its status and
the fields' messages. The actions of the workflows (`mentorship.workflow`) have one route each.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import is_bureau_staff
from portal.errors import NotAllowed
from portal.forms import parse_id

from .. import selectors, services, workflow
from ..models import Mentee, Mentor, PublicWelfareActivity, Service
from . import serializers as s


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
        mentor = services.mentor_apply(
            user=user, acting_user=request.user, approve=wanted == Mentor.Status.APPROVED, **values
        )
        mentor = selectors.with_free_places(Mentor.objects.all()).get(pk=mentor.pk)
        return Response(s.MentorSerializer(mentor).data, status=status.HTTP_201_CREATED)


def _mentors_visible(user):
    """Staff see every application; anyone else the approved mentors and their own application."""
    if is_bureau_staff(user):
        return Mentor.objects.all()
    if user.is_authenticated:
        return Mentor.objects.filter(Q(status=Mentor.Status.APPROVED) | Q(user_id=user.pk))
    return Mentor.objects.filter(status=Mentor.Status.APPROVED)


class MentorDetail(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = s.MentorSerializer

    def get(self, request, pk: int):
        mentor = get_object_or_404(selectors.with_free_places(_mentors_visible(request.user)), pk=pk)
        return Response(s.MentorSerializer(mentor).data)


class MentorAction(GenericAPIView):
    """POST `{"note"}` to `mentors/<pk>/<action>/`, one route per action of
    `workflow.MENTOR_APPLICATION` (approve, reject: staff; a rejection needs the note, its
    reason). 200 with the mentor; 403 for who may not, 409 from a state that does not allow it."""

    serializer_class = s.MentorDecisionSerializer

    def post(self, request, pk: int, action: str):
        mentor = get_object_or_404(_mentors_visible(request.user), pk=pk)
        data = s.MentorDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.mentor_decide(mentor=mentor, action=action, acting_user=request.user, **data.validated_data)
        mentor = selectors.with_free_places(Mentor.objects.all()).get(pk=mentor.pk)
        return Response(s.MentorSerializer(mentor).data)


class MentorEntitlementView(GenericAPIView):
    """The mentor's stored entitlement: per relationship, public welfare, total, claimed, claimable."""

    serializer_class = s.MentorEntitlementSerializer

    def get(self, request, pk: int):
        mentor = get_object_or_404(Mentor, pk=pk)
        if mentor.user_id != request.user.pk and not is_bureau_staff(request.user):
            raise NotAllowed(_("You can only see your own entitlement."))
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
        mentee = services.mentee_register(user=user, acting_user=request.user, requested_mentor=mentor, **values)
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
        relationship = services.relationship_create(
            mentor_id=data.validated_data["mentor"],
            mentee_id=data.validated_data["mentee"],
            start_date=data.validated_data["start_date"],
            second_mentor=data.validated_data["second_mentor"],
            acting_user=request.user,
        )
        relationship = selectors.relationships_visible_to(request.user).get(pk=relationship.pk)
        return Response(s.RelationshipSerializer(relationship).data, status=status.HTTP_201_CREATED)


class RelationshipDetail(GenericAPIView):
    serializer_class = s.RelationshipSerializer

    def get(self, request, pk: int):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        return Response(s.RelationshipSerializer(relationship).data)


# Each action of `workflow.RELATIONSHIP`: the body it takes and the service that does it.
RELATIONSHIP_ACTIONS = {
    "end": (s.RelationshipEndSerializer, services.relationship_end),  # {"ended_on", "reason"}: staff
}


class RelationshipAction(GenericAPIView):
    """POST to `relationships/<pk>/<action>/`, one route per action of `workflow.RELATIONSHIP`
    (`end`: staff end a relationship early, `{"ended_on", "reason"}`). 200 with the relationship;
    403 for who may not, 409 from a state that does not allow it (already ended)."""

    serializer_class = s.RelationshipEndSerializer

    def post(self, request, pk: int, action: str):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        serializer, service = RELATIONSHIP_ACTIONS[action]
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        relationship = service(relationship=relationship, acting_user=request.user, **data.validated_data)
        relationship = selectors.relationships_visible_to(request.user).get(pk=relationship.pk)
        return Response(s.RelationshipSerializer(relationship).data)


class RelationshipEntitlementView(GenericAPIView):
    serializer_class = s.EntitlementSerializer

    def get(self, request, pk: int):
        relationship = get_object_or_404(selectors.relationships_visible_to(request.user), pk=pk)
        if not workflow.roles_of(request.user, relationship) & {workflow.MENTOR, workflow.STAFF}:
            raise NotAllowed(_("Only the mentor and staff can see the entitlement."))
        return Response(s.EntitlementSerializer(selectors.relationship_entitlement(relationship)).data)


class ServiceListCreate(ListAPIView):
    """GET: services of your mentees (staff: all; `?relationship=`). POST `{"relationship", "kind",
    "date", ...}`: log a service for one of your own mentees."""

    serializer_class = s.ServiceSerializer

    def get_queryset(self):
        qs = Service.objects.order_by("-date", "-pk")
        if not is_bureau_staff(self.request.user):
            qs = qs.filter(relationship__mentor__user_id=self.request.user.pk)
        relationship = parse_id(self.request.query_params.get("relationship"))
        if relationship is not None:
            qs = qs.filter(relationship_id=relationship)
        return qs

    def post(self, request):
        data = s.ServiceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        service = services.service_log(
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
        service = services.job_referral_update_insurance(
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
        invitation = services.attendance_record(
            activity=activity,
            mentor_id=data.validated_data["mentor"],
            acting_user=request.user,
        )
        return Response(
            {"activity": activity.pk, "mentor": invitation.mentor_id, "attended": True}, status=status.HTTP_201_CREATED
        )
