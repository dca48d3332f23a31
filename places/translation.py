"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Closure, Organisation, Place, PlaceService, Service


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "address",
        "transport_notes",
        "border_crossing",
        "accessibility_notes",
        "opened_note",
    )


@register(PlaceService)
class PlaceServiceTranslation(TranslationOptions):
    fields = ("note",)


@register(Closure)
class ClosureTranslation(TranslationOptions):
    fields = ("reason",)
