"""GET /api/v1/places/hsds/: the whole directory as one HSDS 3.0 document, each item valid
against the HSDS JSON schema of its table (vendored in places/hsds/schema/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from places.demo import load as load_places

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "places" / "hsds" / "schema"
BASE = "https://openreferral.example/hsds/3.0/schema/"
TABLES = {
    "organizations": "organization.json",
    "services": "service.json",
    "locations": "location.json",
    "service_at_locations": "service_at_location.json",
    "schedules": "schedule.json",
}

pytestmark = pytest.mark.django_db


def validators() -> dict[str, Draft202012Validator]:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text())
        resources.append((BASE + path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    registry = Registry().with_resources(resources)
    found = {}
    for key, name in TABLES.items():
        schema = {**json.loads((SCHEMA_DIR / name).read_text()), "$id": BASE + name}
        found[key] = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
    return found


def test_the_schemas_are_vendored_with_their_source():
    readme = (SCHEMA_DIR.parent / "README.md").read_text()
    assert "openreferral/specification" in readme and "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in readme
    assert (SCHEMA_DIR.parent / "LICENSE").exists()
    assert set(TABLES.values()) <= {path.name for path in SCHEMA_DIR.glob("*.json")}


def test_the_validator_can_fail():
    validator = validators()["locations"]
    assert list(validator.iter_errors({"id": "not-a-uuid", "location_type": "somewhere"}))
    assert list(validator.iter_errors({"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5"}))  # location_type missing


@pytest.mark.parametrize("lang", ["zh-hant", "zh-hans", "en"])
def test_the_demo_directory_validates(client, lang):
    from accounts.demo import load as load_accounts
    from incubators.demo import load as load_bases

    load_accounts()
    load_bases()
    load_places()
    # the seeds give no hours: one place gets some, so that schedules are exported and checked
    from datetime import time

    from places.models import OpeningRule, Place

    OpeningRule.objects.create(
        place=Place.objects.get(slug="hetao-e-station"), byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(18)
    )
    response = client.get(f"/api/v1/places/hsds/?lang={lang}")
    assert response.status_code == 200
    document = response.json()
    assert set(document) == set(TABLES)
    problems = []
    for key, validator in validators().items():
        assert document[key], key
        for item in document[key]:
            problems.extend(f"{key} {item.get('id')}: {error.message}" for error in validator.iter_errors(item))
    assert problems == [], "\n".join(problems[:20])

    ids = {key: {item["id"] for item in document[key]} for key in TABLES}
    for link in document["service_at_locations"]:
        assert link["service_id"] in ids["services"] and link["location_id"] in ids["locations"]
    for location in document["locations"]:
        assert location["organization_id"] in ids["organizations"]
    assert all(len(set(v)) == len(v) for v in ids.values())


def test_the_export_carries_the_weekly_rules(client):
    from datetime import time

    from .factories import PlaceFactory

    place = PlaceFactory(hours=[("MO,TU,WE,TH,FR", time(9), time(18))])
    schedules = client.get("/api/v1/places/hsds/").json()["schedules"]
    assert len(schedules) == 1
    schedule = schedules[0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY",
        "MO,TU,WE,TH,FR",
        "09:00+08:00",
        "18:00+08:00",
    )
    assert schedule["timezone"] == 8 and schedule["notes"] == place.time_zone
    assert not list(validators()["schedules"].iter_errors(schedule))
