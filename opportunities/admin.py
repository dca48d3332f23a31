"""Staff keep employers (and verify them), plans and cohorts here. Vacancies and applications are
read here; they move only through their transition tables (the pages and the API)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin import PersonalDataAdminMixin
from portal.errors import DomainError

from . import services
from .models import Application, Cohort, Employer, InternshipPlan, Vacancy


@admin.register(Employer)
class EmployerAdmin(PersonalDataAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "base", "verified_at"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hant", "name_zh_hans", "name_en"]
    filter_horizontal = ["users"]
    readonly_fields = ["verified_at", "verified_by"]
    actions = ["verify"]

    @admin.action(description=_("Verify the chosen employers"))
    def verify(self, request, queryset):
        for employer in queryset:
            try:
                services.employer_verify(employer_id=employer.pk, acting_user=request.user)
            except DomainError as refused:
                self.message_user(request, str(refused.message), messages.ERROR)
                return


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name_zh_hant", "name_zh_hans", "name_en", "starts_on", "ends_on", "capacity"]


@admin.register(InternshipPlan)
class InternshipPlanAdmin(PersonalDataAdminMixin, TabbedTranslationAdmin):
    list_display = ["name", "code", "region", "subsidy_scheme"]
    inlines = [CohortInline]


@admin.register(Vacancy)
class VacancyAdmin(PersonalDataAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "employer", "kind", "state", "positions", "closes_on"]
    list_filter = ["state", "kind"]
    search_fields = ["search_text"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in ("id",)] + [
            f"{name}_{suffix}" for name in services.TRANSLATED_FIELDS for suffix in services.LANGUAGE_SUFFIXES
        ]


@admin.register(Application)
class ApplicationAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "vacancy", "state", "created_at"]
    list_filter = ["state"]
    exclude = ["cv"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "cv"]
