from modeltranslation.translator import TranslationOptions, register

from .models import Mentor, PublicWelfareActivity


@register(Mentor)
class MentorTranslationOptions(TranslationOptions):
    fields = ("display_name", "industries", "employer", "mainland_experience", "district", "bio")


@register(PublicWelfareActivity)
class PublicWelfareActivityTranslationOptions(TranslationOptions):
    fields = ("title", "description", "location")
