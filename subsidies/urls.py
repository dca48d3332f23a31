from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("", views.index, name="index"),
]
