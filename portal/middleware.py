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


class PrivatePagesNoStoreMiddleware:
    """Pages shown to a signed-in user may carry personal data: no browser or proxy keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store, private"
        return response


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from settings.PERMISSIONS_POLICY ({feature: [allowed origins]};
    an empty list disables the feature everywhere), which SecurityMiddleware does not cover."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SessionEndUnavailableMiddleware:
    """Signing out (or in as someone else) while Redis is unreachable: the 503 page in the
    person's language, asking them to try again in a minute, instead of a 500 (portal/sessions.py
    says why the session is not ended)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        from portal.sessions import SessionEndUnavailable

        if not isinstance(exception, SessionEndUnavailable):
            return None
        response = HttpResponse(render_to_string("503.html"), status=503)  # like 500.html: no context
        response["Retry-After"] = "60"
        return response
