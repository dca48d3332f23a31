from modeltranslation.translator import TranslationOptions, register

from .models import Base, BasePhoto


@register(Base)
class BaseTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "city",
        "district",
        "address",
        "operator_organisation",
        "focus_industries",
        "services",
        "border_crossing",
        "description",
    )


@register(BasePhoto)
class BasePhotoTranslationOptions(TranslationOptions):
    fields = ("caption",)
