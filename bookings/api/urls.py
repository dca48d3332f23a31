from django.urls import path

from . import views

urlpatterns = [
    path("", views.BookingListView.as_view(), name="bookings-api-list"),
    path("resources/", views.ResourceListView.as_view(), name="bookings-api-resources"),
    path("resources/<int:pk>/availability/", views.AvailabilityView.as_view(), name="bookings-api-availability"),
    path("allowances/", views.AllowanceListView.as_view(), name="bookings-api-allowances"),
    path("<int:pk>/", views.BookingDetailView.as_view(), name="bookings-api-detail"),
    path("<int:pk>/<str:action>/", views.BookingActionView.as_view(), name="bookings-api-action"),
]
