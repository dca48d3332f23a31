from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import audit_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles; only this page allows them (scripts stay 'self' only).
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("help/", views.help_page, name="help"),
    path("help/faq/", views.faq, name="faq"),
    path("help/accessibility/", views.accessibility, name="accessibility"),
    path("status/", views.status, name="status"),
    path("accounts/", include("accounts.urls")),
    path("policies/", include("policies.urls")),
    path("bases/", include("incubators.urls")),
    path("places/", include("places.urls")),
    path("mentors/", include("mentorship.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("events/", include("events.urls")),
    path("bookings/", include("bookings.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Public uploads (base photos, resized and validated on upload). Personal documents are never
# here: they live under PRIVATE_MEDIA_ROOT and go through permission-checked views.
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
