from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from portal.audit import AuditedAdminMixin

from .models import Claim, ClaimTransition, PaymentBatch, RequiredDocument, Scheme, SchemeBudget, SchemeRule


class RequiredDocumentInline(TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class SchemeRuleInline(admin.TabularInline):
    model = SchemeRule
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(AuditedAdminMixin, TabbedTranslationAdmin):
    list_display = ("code", "name", "applicant_role", "annual_budget", "is_open")
    inlines = [SchemeRuleInline, RequiredDocumentInline]
    filter_horizontal = ("exclusive_with",)


@admin.register(SchemeBudget)
class SchemeBudgetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("scheme", "year", "amount", "committed")
    readonly_fields = ("committed",)


class ClaimTransitionInline(admin.TabularInline):
    model = ClaimTransition
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "from_state", "to_state", "note", "amount", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only: claims change through the services (the review pages), never here."""

    list_display = ("id", "scheme", "applicant", "state", "eligible_amount", "approved_amount", "submitted_at")
    list_filter = ("state", "scheme")
    inlines = [ClaimTransitionInline]
    exclude = ("identity_number",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PaymentBatch)
class PaymentBatchAdmin(admin.ModelAdmin):
    list_display = ("reference", "state", "total", "created_at", "paid_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
