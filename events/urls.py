from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("mine/", views.my_registrations, name="mine"),
    path("check-in/<int:session_id>/", views.check_in, name="check_in"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("registrations/<int:registration_id>/<slug:action>/", views.registration_action, name="registration_action"),
    path("<slug:slug>/", views.programme_detail, name="programme"),
]
