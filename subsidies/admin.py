"""The admin: schemes, their rules and budgets are edited here; claims with their steps and
documents, and payment batches with their items, are only read here, never deleted (a claim's
history is append-only and its transitions PROTECT it; a batch is what finance paid)."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from portal.admin import PersonalDataAdminMixin
from portal.audit import AuditedAdminMixin

from .models import (
    Claim,
    ClaimDocument,
    ClaimTransition,
    PaymentBatch,
    PaymentBatchItem,
    RequiredDocument,
    Scheme,
    SchemeBudget,
    SchemeRule,
)


class RequiredDocumentInline(TranslationTabularInline):
    model = RequiredDocument
    extra = 0


class SchemeRuleInline(admin.TabularInline):
    model = SchemeRule
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(AuditedAdminMixin, TabbedTranslationAdmin):
    list_display = ("code", "name", "policy", "applicant_role", "annual_budget", "is_open")
    list_select_related = ("policy",)
    raw_id_fields = ("policy", "contact_place")
    inlines = [SchemeRuleInline, RequiredDocumentInline]
    filter_horizontal = ("exclusive_with",)


@admin.register(SchemeBudget)
class SchemeBudgetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("scheme", "year", "amount", "committed")
    readonly_fields = ("committed",)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClaimTransitionInline(ReadOnlyInline):
    model = ClaimTransition
    readonly_fields = ("actor", "from_state", "to_state", "note", "amount", "created_at")


class ClaimDocumentInline(ReadOnlyInline):
    model = ClaimDocument
    fields = ("kind", "original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields


@admin.register(Claim)
class ClaimAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Read-only: claims change through the services (the review pages), never here."""

    list_display = ("id", "scheme", "applicant", "state", "eligible_amount", "approved_amount", "submitted_at")
    list_filter = ("state", "scheme")
    inlines = [ClaimTransitionInline, ClaimDocumentInline]
    exclude = ("identity_number",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentBatchItemInline(ReadOnlyInline):
    model = PaymentBatchItem
    fields = ("claim", "amount")
    readonly_fields = fields


@admin.register(PaymentBatch)
class PaymentBatchAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "state", "total", "created_at", "paid_at")
    inlines = [PaymentBatchItemInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
