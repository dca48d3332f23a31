from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.admin import PersonalDataAdminMixin

from .models import Draw, Programme, Registration, Session


@admin.register(Programme)
class ProgrammeAdmin(PersonalDataAdminMixin, TranslationAdmin):
    list_display = ("slug", "name", "kind", "organisation")
    list_filter = ("kind",)
    search_fields = ("slug", "name")
    filter_horizontal = ("organisers",)


@admin.register(Session)
class SessionAdmin(PersonalDataAdminMixin, TranslationAdmin):
    list_display = ("title", "programme", "starts_at", "capacity", "allocation", "allocated_at")
    list_filter = ("allocation", "programme")
    date_hierarchy = "starts_at"
    raw_id_fields = ("place",)


@admin.register(Registration)
class RegistrationAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read only: registrations change through the services (capacity, offers, check-in)."""

    list_display = ("session", "user", "party_size", "state", "queue_position", "first_timer")
    list_filter = ("state",)
    raw_id_fields = ("session", "user", "checked_in_by")
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Draw)
class DrawAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("session", "seed", "ran_at", "confirmed")
    raw_id_fields = ("session", "ran_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
