from django.urls import path

from . import views

urlpatterns = [
    path("vacancies/", views.VacancyList.as_view(), name="opportunities-api-vacancies"),
    path("vacancies/<int:pk>/", views.VacancyDetail.as_view(), name="opportunities-api-vacancy"),
    path("vacancies/<int:pk>/<slug:action>/", views.VacancyAction.as_view(), name="opportunities-api-vacancy-action"),
    path("applications/", views.ApplicationList.as_view(), name="opportunities-api-applications"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="opportunities-api-application"),
    # before <action>: "claim" is no transition of the table
    path("applications/<int:pk>/claim/", views.ApplicationClaim.as_view(), name="opportunities-api-application-claim"),
    path(
        "applications/<int:pk>/<slug:action>/",
        views.ApplicationAction.as_view(),
        name="opportunities-api-application-action",
    ),
]
