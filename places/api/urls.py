from django.urls import path

from . import views

urlpatterns = [
    path("", views.PlaceListView.as_view(), name="places-api-list"),
    # before <slug>: "hsds" is no place's slug (services refuse it)
    path("hsds/", views.HsdsView.as_view(), name="places-api-hsds"),
    path(
        "change-reports/<int:pk>/<slug:action>/",
        views.ChangeReportActionView.as_view(),
        name="places-api-change-report-action",
    ),
    path("<slug:slug>/", views.PlaceDetailView.as_view(), name="places-api-detail"),
]
