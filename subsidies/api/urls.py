from django.urls import path

from . import views

urlpatterns = [
    path("schemes/", views.SchemeList.as_view(), name="subsidies-api-schemes"),
    path("claims/", views.ClaimList.as_view(), name="subsidies-api-claims"),
    path("claims/<int:pk>/", views.ClaimDetail.as_view(), name="subsidies-api-claim"),
    path("claims/<int:pk>/documents/", views.ClaimDocuments.as_view(), name="subsidies-api-claim-documents"),
    path("claims/<int:pk>/<slug:action>/", views.ClaimAction.as_view(), name="subsidies-api-claim-action"),
    path("payment-batches/", views.PaymentBatchList.as_view(), name="subsidies-api-batches"),
    path(
        "payment-batches/<int:pk>/mark-paid/",
        views.PaymentBatchMarkPaid.as_view(),
        name="subsidies-api-batch-mark-paid",
    ),
]
