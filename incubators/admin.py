from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import AnomalyFlag, Base, BasePhoto, ProjectCountReport


class BasePhotoInline(TranslationTabularInline):
    model = BasePhoto
    extra = 0
    fields = ["image", "caption", "width", "height"]
    readonly_fields = ["width", "height"]


@admin.register(Base)
class BaseAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "city", "district", "recognition_level", "recognition_year"]
    list_filter = ["recognition_level", "city"]
    search_fields = ["name", "address"]
    filter_horizontal = ["operators"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [BasePhotoInline]


@admin.register(ProjectCountReport)
class ProjectCountReportAdmin(SimpleHistoryAdmin):
    list_display = ["base", "period", "incubated_total", "incubated_hkmo", "incubating", "correction_status"]
    list_filter = ["period", "correction_status"]
    readonly_fields = ["version"]


@admin.register(AnomalyFlag)
class AnomalyFlagAdmin(SimpleHistoryAdmin):
    list_display = ["report", "kind", "field", "status"]
    list_filter = ["status", "kind"]
