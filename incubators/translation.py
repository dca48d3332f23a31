from modeltranslation.translator import TranslationOptions, register
from simple_history import register as history_register

from .models import Base, BasePhoto


@register(Base)
class BaseTranslationOptions(TranslationOptions):
    fields = (
        "name",
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


# The base's change history, with every language's fields (see models.Base).
history_register(Base, app="incubators", excluded_fields=["created_at", "updated_at"])
