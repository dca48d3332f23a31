from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.index, name="list"),
    path("check/", views.checker, name="checker"),
    path("<slug:slug>/", views.detail, name="detail"),
]
