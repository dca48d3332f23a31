from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The admin's names for the sign-in lock-out (django-axes) and the API tokens
        # (django-rest-knox), in the portal's three languages (their own catalogues lack Chinese).
        from django.apps import apps

        axes, knox = apps.get_app_config("axes"), apps.get_app_config("knox")
        axes.verbose_name = _("Sign-in protection")
        knox.verbose_name = _("API tokens")
        token = knox.get_model("AuthToken")
        token._meta.verbose_name, token._meta.verbose_name_plural = _("API token"), _("API tokens")
