from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/<slug:code>/", views.apply, name="apply"),
    path("claims/", views.my_claims, name="my_claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("claims/<int:pk>/identity/", views.identity_reveal, name="identity_reveal"),
    path("claims/<int:pk>/submitted/", views.claim_submitted, name="claim_submitted"),
    path("claims/<int:pk>/<slug:action>/", views.claim_action, name="claim_action"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/mark-paid/", views.batch_mark_paid, name="batch_mark_paid"),
    path("batches/<int:pk>/export.<str:fmt>", views.batch_export, name="batch_export"),
    path("exports/", views.export_start, name="export_start"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("statistics/", views.statistics, name="statistics"),
]
