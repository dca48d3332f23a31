from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from portal.admin import PersonalDataAdminMixin

from . import services
from .models import Closure, OpeningRule, Organisation, Place, PlaceChangeReport, PlaceService, Service


class PlaceServiceInline(TranslationTabularInline):
    model = PlaceService
    extra = 0


class OpeningRuleInline(admin.TabularInline):
    model = OpeningRule
    extra = 0


class ClosureInline(TranslationTabularInline):
    model = Closure
    extra = 0
    exclude = ["created_by"]


@admin.register(Place)
class PlaceAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "region", "organisation", "last_confirmed_at"]
    list_filter = ["kind", "holiday_calendar"]
    search_fields = ["slug", "search_text"]
    filter_horizontal = ["operators"]
    raw_id_fields = ["base"]
    readonly_fields = ["last_confirmed_at", "last_confirmed_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [PlaceServiceInline, OpeningRuleInline, ClosureInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.place_index(place_id=form.instance.pk)


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["slug", "name"]


@admin.register(Service)
class ServiceAdmin(TabbedTranslationAdmin):
    list_display = ["name", "code", "order"]


@admin.register(PlaceChangeReport)
class PlaceChangeReportAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read here; closed on the staff page (audited there)."""

    list_display = ["place", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["place", "message", "reported_by", "status", "staff_note", "closed_by", "closed_at"]

    def has_add_permission(self, request):
        return False
