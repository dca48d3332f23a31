"""A view that saves something and enqueues work through the outbox, as an app's view would."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from portal.outbox import enqueue_on_commit
from tests.probe_tasks import record_receipt


def submit(request, key):
    with transaction.atomic(durable=True):
        enqueue_on_commit(record_receipt, key)
    return HttpResponse("saved")


urlpatterns = [path("submit/<str:key>/", submit)]
