from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="list"),
    path("staff/", views.staff, name="staff"),
    path("staff/reports/<int:pk>/close/", views.report_close, name="report_close"),
    path("<slug:slug>/", views.place_detail, name="detail"),
    path("<slug:slug>/edit/", views.place_edit, name="edit"),
    path("<slug:slug>/confirm/", views.place_confirm, name="confirm"),
    path("<slug:slug>/closures/", views.closure_add, name="closure_add"),
    path("<slug:slug>/report/", views.report_change, name="report"),
]
