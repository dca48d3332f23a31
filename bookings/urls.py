from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("mine/", views.my_bookings, name="mine"),
    path("mine/<int:pk>/", views.booking_detail, name="detail"),
    path("mine/<int:pk>/<str:action>/", views.booking_action, name="action"),
    path("mine/<int:pk>/booking.ics", views.booking_ics, name="ics"),
    path("requests/", views.requests, name="requests"),
    path("hotel/", views.hotel_confirm, name="hotel"),
    path("usage/", views.usage, name="usage"),
    path("<slug:slug>/", views.resource_detail, name="resource"),
]
