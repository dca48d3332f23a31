from django.urls import path

from . import views

urlpatterns = [
    path("bases/", views.BaseListView.as_view(), name="incubators-api-bases"),
    path("bases/<int:pk>/", views.BaseDetailView.as_view(), name="incubators-api-base"),
    path("bases/<int:pk>/reports/", views.ReportListView.as_view(), name="incubators-api-reports"),
    path(
        "reports/<int:pk>/<slug:action>/",
        views.ReportCorrectionActionView.as_view(),
        name="incubators-api-report-action",
    ),
    path("flags/<int:pk>/<slug:action>/", views.FlagActionView.as_view(), name="incubators-api-flag-action"),
    path("stats/", views.StatsView.as_view(), name="incubators-api-stats"),
]
