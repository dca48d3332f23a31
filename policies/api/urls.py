from django.urls import path

from . import views

urlpatterns = [
    path("", views.PolicyListAPI.as_view(), name="api-policy-list"),
    path("eligibility/", views.EligibilityAPI.as_view(), name="api-policy-eligibility"),
    path("<slug:slug>/", views.PolicyDetailAPI.as_view(), name="api-policy-detail"),
]
