"""Staff edit guides here: one tab per language, preview (View on site), missing languages,
bulk publish. Only HR bureau staff (reviewers, approvers) and superusers may use these pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from accounts.roles import is_bureau_staff
from portal.models import Region

from . import rules, services
from .models import (
    Category,
    Education,
    Issuer,
    Need,
    Origin,
    Policy,
    PolicyChange,
    Situation,
    TargetGroup,
)
from .selectors import LANGUAGE_CODES, field_suffix, missing_languages


class BureauStaffOnly:
    """Every permission of these admin pages: HR bureau staff (or a superuser)."""

    def has_module_permission(self, request):
        return is_bureau_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_bureau_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return is_bureau_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_bureau_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_bureau_staff(request.user)


class PolicyAdminForm(forms.ModelForm):
    """The eligibility criteria as tick boxes, and an optional public note of what changed."""

    criteria_origins = forms.MultipleChoiceField(
        label=_("Who may use it: from"), choices=Origin.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria_education = forms.MultipleChoiceField(
        label=_("Education levels"), choices=Education.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria_situations = forms.MultipleChoiceField(
        label=_("Situations"), choices=Situation.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    criteria_needs = forms.MultipleChoiceField(
        label=_("Needs it meets"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    change_note_zh_hant = forms.CharField(label=_("What changed (Traditional Chinese)"), required=False, max_length=500)
    change_note_zh_hans = forms.CharField(label=_("What changed (Simplified Chinese)"), required=False, max_length=500)
    change_note_en = forms.CharField(label=_("What changed (English)"), required=False, max_length=500)

    class Meta:
        model = Policy
        fields = ["slug"]  # the admin replaces this with the fields of PolicyAdmin.fieldsets

    def change_summary(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"change_note_{field_suffix(code)}", "") for code in LANGUAGE_CODES}


class PolicyChangeInline(TranslationTabularInline):
    """The history, read only: rows are written by the services (publish, archive, save)."""

    model = PolicyChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "summary", "is_public", "changed_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_bureau_staff(request.user)


@admin.register(Policy)
class PolicyAdmin(BureauStaffOnly, TabbedTranslationAdmin):
    form = PolicyAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare host is https://
    list_display = [
        "title",
        "slug",
        "status",
        "issuer",
        "region",
        "published_at",
        "missing_languages_column",
        "preview",
    ]
    list_filter = ["status", "categories", "target_groups", "issuer", "region"]
    search_fields = ["slug", "search_text"]
    list_select_related = ["issuer", "region"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["categories", "target_groups"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [PolicyChangeInline]
    actions = ["publish_selected", "archive_selected"]
    fieldsets = [
        (None, {"fields": ["slug", "status", "published_at", "issuer", "region", "categories", "target_groups"]}),
        (_("Texts"), {"fields": ["title", "summary", "body", "eligibility", "benefits_text", "how_to_apply"]}),
        (_("Dates"), {"fields": ["effective_from", "effective_to"]}),
        (
            _("Source document"),
            {"fields": ["source_title", "source_issuer", "source_date", "source_reference", "source_url"]},
        ),
        (
            _("Eligibility checker"),
            {
                "fields": [
                    "in_checker",
                    "criteria_origins",
                    "criteria_min_age",
                    "criteria_max_age",
                    "criteria_education",
                    "criteria_situations",
                    "criteria_needs",
                ]
            },
        ),
        (
            _("Public change note"),
            {
                "fields": ["change_note_zh_hant", "change_note_zh_hans", "change_note_en"],
                "description": _(
                    "Fill these to show the public “last updated on …: what changed”. Left empty, the edit is only "
                    "recorded internally."
                ),
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("missing languages"))
    def missing_languages_column(self, obj: Policy) -> str:
        names = dict(settings.LANGUAGES)
        missing = missing_languages(obj)
        return ", ".join(names[code] for code in missing) if missing else "—"

    @admin.display(description=_("preview"))
    def preview(self, obj: Policy) -> str:
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), _("Preview"))

    def get_search_results(self, request, queryset, search_term):
        """Search the normalised text, so Traditional finds Simplified here too."""
        return super().get_search_results(request, queryset, rules.normalise(search_term))

    def save_model(self, request, obj, form, change):
        services.policy_save(policy=obj, acting_user=request.user, change_summary=form.change_summary())

    @admin.action(description=_("Publish the selected guides"))
    def publish_selected(self, request, queryset):
        published = sum(
            services.policy_publish(policy=policy, acting_user=request.user) for policy in queryset.order_by("pk")
        )
        self.message_user(
            request,
            ngettext("%(count)d guide published.", "%(count)d guides published.", published) % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archive the selected guides"))
    def archive_selected(self, request, queryset):
        archived = sum(
            services.policy_archive(policy=policy, acting_user=request.user) for policy in queryset.order_by("pk")
        )
        self.message_user(
            request,
            ngettext("%(count)d guide archived.", "%(count)d guides archived.", archived) % {"count": archived},
            messages.SUCCESS,
        )


@admin.register(Issuer)
class IssuerAdmin(BureauStaffOnly, TabbedTranslationAdmin):
    list_display = ["name", "slug", "kind"]
    search_fields = ["slug", "name_zh_hant", "name_zh_hans", "name_en"]


@admin.register(Region)
class RegionAdmin(BureauStaffOnly, TabbedTranslationAdmin):
    list_display = ["name", "slug", "kind", "parent"]
    list_select_related = ["parent"]
    search_fields = ["slug", "name_zh_hant", "name_zh_hans", "name_en"]


@admin.register(Category)
class CategoryAdmin(BureauStaffOnly, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(TargetGroup)
class TargetGroupAdmin(BureauStaffOnly, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
