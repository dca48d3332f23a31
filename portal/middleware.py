from django.conf import settings
from django.utils import translation


class ApiLanguageMiddleware:
    """The API's language follows `?lang=` when given, else Accept-Language (LocaleMiddleware).

    Runs after LocaleMiddleware, so an explicit `?lang=` wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.GET.get("lang", "").lower()
        if request.path.startswith("/api/") and lang in self.codes:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
