from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin import PersonalDataAdminMixin
from portal.audit import AuditedAdminMixin

from .models import Allowance, AllowanceRule, Booking, Resource


@admin.register(Resource)
class ResourceAdmin(PersonalDataAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "place", "kind", "unit", "capacity", "requires_approval", "active"]
    list_filter = ["kind", "unit", "requires_approval", "eligibility"]
    search_fields = ["slug", "name"]
    filter_horizontal = ["members", "partners"]
    raw_id_fields = ["place"]


@admin.register(AllowanceRule)
class AllowanceRuleAdmin(AuditedAdminMixin, PersonalDataAdminMixin, TabbedTranslationAdmin):
    """The free units a rule gives: each change is in the audit log."""

    list_display = ["code", "name", "unit", "granted", "beyond_percent"]


@admin.register(Booking)
class BookingAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read only: bookings change through their workflow (the pages and the API)."""

    list_display = ["id", "resource", "user", "period", "quantity", "state"]
    list_filter = ["state", "resource__kind"]
    raw_id_fields = ["resource", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Allowance)
class AllowanceAdmin(AuditedAdminMixin, PersonalDataAdminMixin, admin.ModelAdmin):
    """A person's free units: a change by staff is in the audit log."""

    list_display = ["rule", "user", "granted", "valid_from", "valid_to"]
    raw_id_fields = ["user"]
