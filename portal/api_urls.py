"""/api/v1/: each app's API under its own prefix."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("policies/", include("policies.api.urls")),
    path("incubators/", include("incubators.api.urls")),
    path("places/", include("places.api.urls")),
    path("mentorship/", include("mentorship.api.urls")),
    path("subsidies/", include("subsidies.api.urls")),
    path("opportunities/", include("opportunities.api.urls")),
    path("events/", include("events.api.urls")),
    path("bookings/", include("bookings.api.urls")),
]
