from django.urls import path

from . import views

app_name = "incubators"

urlpatterns = [
    path("", views.index, name="base_list"),
]
