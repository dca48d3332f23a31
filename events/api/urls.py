from django.urls import path

from . import views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="events-api-programmes"),
    path("programmes/<slug:slug>/stats/", views.ProgrammeStatsView.as_view(), name="events-api-programme-stats"),
    path("sessions/", views.SessionListView.as_view(), name="events-api-sessions"),
    path(
        "sessions/<int:session_id>/registrations/",
        views.SessionRegistrationsView.as_view(),
        name="events-api-session-register",
    ),
    path(
        "sessions/<int:session_id>/allocate/", views.SessionAllocateView.as_view(), name="events-api-session-allocate"
    ),
    path("registrations/", views.RegistrationListView.as_view(), name="events-api-registrations"),
    path(
        "registrations/<int:registration_id>/", views.RegistrationDetailView.as_view(), name="events-api-registration"
    ),
    path(
        "registrations/<int:registration_id>/calendar.ics",
        views.CalendarView.as_view(),
        name="events-api-registration-calendar",
    ),
    path(
        "registrations/<int:registration_id>/certificate.pdf",
        views.CertificateView.as_view(),
        name="events-api-registration-certificate",
    ),
    path(
        "registrations/<int:registration_id>/<slug:action>/",
        views.RegistrationActionView.as_view(),
        name="events-api-registration-action",
    ),
    path("check-in/", views.CheckInView.as_view(), name="events-api-check-in"),
]
