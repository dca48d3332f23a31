"""The mentorship data migrations, run as functions against today's tables."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from mentorship.models import MentorshipEvent

from .factories import RelationshipFactory

pytestmark = pytest.mark.django_db


class SchemaEditor:
    connection = connection


def migration(name: str):
    return importlib.import_module(f"mentorship.migrations.{name}")


def test_events_lose_their_free_text_and_keep_the_rest():
    relationship = RelationshipFactory()
    old = MentorshipEvent.objects.create(
        action="relationship_ended",
        relationship=relationship,
        detail={"ended_on": "2024-03-31", "reason": "The mentee's family moved to Macau"},
    )
    approved = MentorshipEvent.objects.create(
        action="mentor_approved", mentor=relationship.mentor, detail={"note": "Known to the bureau"}
    )
    clean = MentorshipEvent.objects.create(action="service_logged", relationship=relationship, detail={"service": 1})
    migration("0004_events_without_free_text").drop_free_text(apps, SchemaEditor())
    old.refresh_from_db(), approved.refresh_from_db(), clean.refresh_from_db()
    assert (old.detail, approved.detail, clean.detail) == ({"ended_on": "2024-03-31"}, {}, {"service": 1})
