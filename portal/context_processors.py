from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from accounts.roles import is_bureau_staff, role_names


def portal(request):
    """What the base layout needs on every page: the language switcher's links (the same page in
    each language, also used for hreflang alternates) and the signed-in user's roles."""
    current = get_language()
    path = request.get_full_path()
    links = [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    roles = role_names(user) if user is not None else frozenset()
    return {
        "language_links": links,
        "user_roles": roles,
        "user_is_bureau_staff": bool(user is not None and is_bureau_staff(user)),
        "PORTAL_BASE_URL": settings.PORTAL_BASE_URL,
    }
