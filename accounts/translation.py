"""Translated fields (django-modeltranslation): zh-hant (default), zh-hans and en."""

from modeltranslation.translator import TranslationOptions, register

from .models import Notification


@register(Notification)
class NotificationTranslation(TranslationOptions):
    """A notification is written in every language when it is sent (accounts.services.notify),
    so that it reads in the language of the page it is read on; its email goes in the
    recipient's own."""

    fields = ("subject", "body")
