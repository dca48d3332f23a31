from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin import PersonalDataAdminMixin
from portal.audit import AuditedAdminMixin

from .models import (
    ActivityInvitation,
    Mentee,
    MenteeStatusChange,
    Mentor,
    MentorEntitlement,
    MentorRelationship,
    MentorshipEvent,
    PublicWelfareActivity,
    RateSchedule,
    Service,
)


@admin.register(Mentor)
class MentorAdmin(PersonalDataAdminMixin, TabbedTranslationAdmin):
    """Profiles (and their translations) are edited here; approval goes through the staff page
    (`services.mentor_approve`), so status is read-only."""

    list_display = ["display_name", "status", "employer", "district", "applied_at"]
    list_filter = ["status"]
    search_fields = ["display_name", "user__email", "employer"]
    readonly_fields = ["user", "status", "reviewed_at", "reviewed_by", "review_note"]

    def has_add_permission(self, request):
        return False  # applications come through the portal (services.mentor_apply)


class StatusChangeInline(admin.TabularInline):
    model = MenteeStatusChange
    extra = 0
    readonly_fields = ["status", "since", "recorded_at", "recorded_by"]
    can_delete = False


@admin.register(Mentee)
class MenteeAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["user", "status", "status_since", "wants_mentor"]
    list_filter = ["status", "wants_mentor"]
    readonly_fields = ["user", "status", "status_since"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False  # through services.mentee_register (it records the status history)


@admin.register(MentorRelationship)
class MentorRelationshipAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["mentor", "mentee", "start_date", "end_date", "ended_on"]
    list_select_related = ["mentor", "mentee__user"]
    readonly_fields = ["mentor", "mentee", "start_date", "end_date", "ended_on", "end_reason", "created_by"]

    def has_add_permission(self, request):
        return False  # only services.relationship_create enforces the five-mentee limit under a lock


@admin.register(Service)
class ServiceAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["relationship", "kind", "date", "days", "employer", "insured_months"]
    list_filter = ["kind"]
    list_select_related = ["relationship__mentor", "relationship__mentee__user"]

    def has_add_permission(self, request):
        return False  # logged and checked through services.service_log only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a logged service is money: deleting it would change an entitlement unseen


class InvitationInline(admin.TabularInline):
    model = ActivityInvitation
    extra = 0
    readonly_fields = ["attended", "attendance_recorded_at", "attendance_recorded_by"]


@admin.register(PublicWelfareActivity)
class PublicWelfareActivityAdmin(TabbedTranslationAdmin):
    list_display = ["title", "date", "location"]
    inlines = [InvitationInline]


@admin.register(RateSchedule)
class RateScheduleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Rates and caps are data: a new row with a later `effective_from` changes them from that day
    (the nightly recomputation applies it)."""

    list_display = [
        "effective_from",
        "career_guidance_rate",
        "career_guidance_cap",
        "internship_guidance_rate",
        "internship_guidance_cap",
        "referral_first_amount",
        "referral_further_amount",
        "public_welfare_rate",
    ]


@admin.register(MentorEntitlement)
class MentorEntitlementAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Written by the recomputation and, for what was claimed, by the subsidies app: read here."""

    list_display = ["mentor", "total", "claimed", "claimable_since", "computed_at"]
    readonly_fields = [f.name for f in MentorEntitlement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # it holds what was claimed, which only the subsidies app's approvals set


@admin.register(MentorshipEvent)
class MentorshipEventAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """The relationships' and applications' timelines: read here, written only by the services."""

    list_display = ["created_at", "action", "actor", "mentor", "relationship"]
    readonly_fields = ["created_at", "action", "actor", "mentor", "relationship", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
