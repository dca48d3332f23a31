from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import PersonalDataAdminMixin

from .models import AnomalyFlag, Base, BasePhoto, ProjectCountReport
from .photos import photo_validate_and_resize


class BasePhotoAdminForm(forms.ModelForm):
    """Photos uploaded in the admin are validated and resized like the operators' (photos.py)."""

    class Meta:
        model = BasePhoto
        fields = ["image", "caption"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return photo_validate_and_resize(image)
        return image


class BasePhotoInline(TranslationTabularInline):
    model = BasePhoto
    form = BasePhotoAdminForm
    extra = 0
    fields = ["image", "caption", "width", "height"]
    readonly_fields = ["width", "height"]


@admin.register(Base)
class BaseAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "region", "recognition_level", "recognition_year"]
    list_filter = ["recognition_level", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "address"]
    filter_horizontal = ["operators"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [BasePhotoInline]


@admin.register(ProjectCountReport)
class ProjectCountReportAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    list_display = ["base", "period", "incubated_total", "incubated_hkmo", "incubating", "correction_status"]
    list_filter = ["period", "correction_status"]
    readonly_fields = ["version"]


@admin.register(AnomalyFlag)
class AnomalyFlagAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    list_display = ["report", "kind", "field", "status"]
    list_filter = ["status", "kind"]
