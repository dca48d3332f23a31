"""The portal's URLs with a stand-in `subsidies:apply`, as the subsidies app will add it."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import URLResolver, include, path

from portal import urls as portal_urls


def _stand_in(request, scheme_code=""):
    return HttpResponse(f"apply {scheme_code}")


subsidies_patterns = (
    [path("", _stand_in, name="index"), path("apply/<slug:scheme_code>/", _stand_in, name="apply")],
    "subsidies",
)

urlpatterns = []
for entry in portal_urls.urlpatterns:
    if isinstance(entry, URLResolver) and isinstance(entry.urlconf_name, list):  # the i18n_patterns block
        kept = [p for p in entry.url_patterns if getattr(p, "namespace", None) != "subsidies"]
        urlpatterns += i18n_patterns(
            *kept, path("subsidies/", include(subsidies_patterns)), prefix_default_language=True
        )
    else:
        urlpatterns.append(entry)
