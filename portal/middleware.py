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


class IdleSessionTimeoutMiddleware:
    """A signed-in session left idle ends: after SESSION_IDLE_MINUTES for everyone, after
    SESSION_IDLE_MINUTES_STAFF for HR bureau staff and administrators (who see identity numbers,
    documents and money), and in any case SESSION_COOKIE_AGE after signing in. The time of the last
    request is kept in the session, written at most once a minute."""

    KEY = "_portal_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_seconds(user) -> int:
        from accounts.roles import is_bureau_staff

        staff = user.is_superuser or user.is_staff or is_bureau_staff(user)
        minutes = settings.SESSION_IDLE_MINUTES_STAFF if staff else settings.SESSION_IDLE_MINUTES
        return int(minutes) * 60

    def __call__(self, request):
        import time

        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated:
            now = int(time.time())
            idle = now - int(session.get(self.KEY) or now)  # set at sign-in (mark_signed_in)
            # the staff limit is the shorter: the person's roles are read only past it
            if idle > settings.SESSION_IDLE_MINUTES_STAFF * 60 and idle > self.limit_seconds(user):
                return self._ended(request)
            if idle >= 60 or self.KEY not in session:
                session[self.KEY] = now
        return self.get_response(request)

    def _ended(self, request):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        logout(request)
        message = _("You were signed out because the page was left unused for a while. Sign in again to go on.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "reason": "session_expired"}, status=401)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


def mark_signed_in(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: the session starts its idle clock at sign-in."""
    import time

    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionTimeoutMiddleware.KEY] = int(time.time())


class RequestBodyLimitMiddleware:
    """First of all: a request announcing a body over MAX_REQUEST_BODY (the largest upload plus
    its form) gets a 413 before a byte of it is read; one that turns out larger while it streams
    (portal.uploads.BodyLimitUploadHandler), or a form past DATA_UPLOAD_MAX_MEMORY_SIZE, gets the
    same answer. In the reader's language: JSON for the API, the portal's page otherwise. The
    reverse proxy in front refuses such bodies first (deploy/nginx.conf)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY:
            return self.too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import RequestDataTooBig

        if isinstance(exception, RequestDataTooBig) and not request.path.startswith("/api/"):
            return self.too_large(request)
        return None

    @staticmethod
    def too_large(request):
        from django.http import HttpResponse, JsonResponse
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _

        limit_mb = settings.MAX_REQUEST_BODY // (1024 * 1024)
        message = _("The request is too large: a document may be at most 10 MB (%(limit)s MB with the form).") % {
            "limit": limit_mb
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "reason": "too_large"}, status=413)
        return HttpResponse(render_to_string("413.html", {"message": message}, request=None), status=413)
