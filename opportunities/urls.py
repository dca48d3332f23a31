from django.urls import path

from . import employer_views, views

app_name = "opportunities"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("my-applications/", views.my_applications, name="my-applications"),
    path("saved-searches/", views.saved_search_create, name="save-search"),
    path("figures/", views.figures, name="figures"),
    path("figures/download.<str:fmt>", views.figures_download, name="figures-download"),
    path("applications/<int:pk>/act/", views.application_act, name="application-act"),
    path("applications/<int:pk>/claim/", views.application_claim, name="application-claim"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application-cv"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="detail"),
    path("vacancies/<int:pk>/apply/", views.vacancy_apply, name="apply"),
    path("vacancies/<int:pk>/applicants/", views.applicants, name="applicants"),
    path("employer/vacancies/", employer_views.my_vacancies, name="my-vacancies"),
    path("employer/vacancies/new/", employer_views.vacancy_new, name="vacancy-new"),
    path("employer/vacancies/<int:pk>/edit/", employer_views.vacancy_edit, name="vacancy-edit"),
    path("employer/vacancies/<int:pk>/<slug:action>/", employer_views.vacancy_act, name="vacancy-act"),
]
