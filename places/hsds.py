"""The directory as one Open Referral HSDS 3.0 document: {organizations, services, locations,
service_at_locations, schedules}, each a list of objects of the HSDS table of that name (their
JSON schemas are vendored in places/hsds/schema/, see the README there).

Mapping: an `Organisation` is an HSDS organization; each (organisation, `Service`) pair offered
somewhere is an HSDS service of that organization; a `Place` is an HSDS location (physical) of
its organisation; a `PlaceService` is a service_at_location; an `OpeningRule` is a schedule of
its location (freq WEEKLY, byday, opens_at/closes_at with the place's UTC offset). Text is in
the request's language. Identifiers are UUIDs derived from the rows' keys (stable between
exports). HSDS fields with no value are left out (the schemas' string fields take no null).
Closures and holidays are exceptions that HSDS 3.0's schedule cannot state: the place's page and
its API give them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from .models import Language, OpeningRule, Organisation, Place, PlaceService
from .selectors import city_and_district

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gba-youth-portal:places")

LANGUAGE_NAMES = {"yue": "Cantonese", "cmn": "Mandarin", "en": "English"}
ISO_639 = {"yue": "yue", "cmn": "zh", "en": "en"}  # HSDS asks for ISO 639-1 where there is one


def hsds_id(kind: str, *keys: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(key) for key in keys)])))


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if value not in (None, "", [])}


def _offset(tz_name: str) -> tuple[str, float]:
    """("+08:00", 8.0) for the place's zone, now."""
    offset = datetime.now(ZoneInfo(tz_name)).utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}", seconds / 3600


def directory() -> dict[str, list[dict[str, Any]]]:
    """The whole directory. Four queries: places (with organisation and region), their services,
    their opening rules, the organisations."""
    places = list(
        Place.objects.select_related("organisation", "region__parent__parent")
        .prefetch_related(
            Prefetch("place_services", queryset=PlaceService.objects.select_related("service")),
            Prefetch("opening_rules", queryset=OpeningRule.objects.order_by("opens_at", "pk")),
        )
        .order_by("slug")
    )
    organisations = list(Organisation.objects.filter(places__isnull=False).distinct().order_by("slug"))

    doc: dict[str, list[dict[str, Any]]] = {
        "organizations": [],
        "services": [],
        "locations": [],
        "service_at_locations": [],
        "schedules": [],
    }
    for organisation in organisations:
        doc["organizations"].append(
            _drop_empty(
                {
                    "id": hsds_id("organization", organisation.pk),
                    "name": organisation.name,
                    "description": organisation.description or organisation.name,
                    "email": organisation.email,
                    "website": organisation.website,
                }
            )
        )
    services_seen: set[tuple[int, int]] = set()
    for place in places:
        location_id = hsds_id("location", place.pk)
        organization_id = hsds_id("organization", place.organisation_id)
        city, district, _zone = city_and_district(place)
        hong_kong = city.slug == "hong-kong"
        location: dict[str, Any] = {
            "id": location_id,
            "location_type": "physical",
            "organization_id": organization_id,
            "name": place.name,
            "description": place.description,
            "transportation": place.transport_notes,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
            "external_identifier": place.slug,
            "external_identifier_type": "gba-youth-portal place slug",
            "languages": [
                {
                    "id": hsds_id("language", place.pk, code),
                    "location_id": location_id,
                    "name": str(Language(code).label) if code in Language.values else LANGUAGE_NAMES.get(code, code),
                    "code": ISO_639.get(code, code),
                }
                for code in place.language_codes
            ],
            "accessibility": (
                [
                    {
                        "id": hsds_id("accessibility", place.pk),
                        "location_id": location_id,
                        "description": place.accessibility_notes,
                    }
                ]
                if place.accessibility_notes
                else []
            ),
            "phones": (
                [{"id": hsds_id("phone", place.pk), "location_id": location_id, "number": place.contact_phone}]
                if place.contact_phone
                else []
            ),
        }
        if place.address:
            location["addresses"] = [
                {
                    "id": hsds_id("address", place.pk),
                    "location_id": location_id,
                    "address_1": place.address,
                    "city": city.name,
                    "region": district.name if district else "",
                    "state_province": "Hong Kong" if hong_kong else "Guangdong",
                    "postal_code": "",  # Hong Kong has none; the seeds give none for the mainland
                    "country": "HK" if hong_kong else "CN",
                    "address_type": "physical",
                }
            ]
        doc["locations"].append(_drop_empty(location))

        for place_service in place.place_services.all():
            service = place_service.service
            service_id = hsds_id("service", place.organisation_id, service.pk)
            if (place.organisation_id, service.pk) not in services_seen:
                services_seen.add((place.organisation_id, service.pk))
                doc["services"].append(
                    _drop_empty(
                        {
                            "id": service_id,
                            "organization_id": organization_id,
                            "name": service.name,
                            "description": service.description,
                            "status": "active",
                        }
                    )
                )
            doc["service_at_locations"].append(
                _drop_empty(
                    {
                        "id": hsds_id("service_at_location", place_service.pk),
                        "service_id": service_id,
                        "location_id": location_id,
                        "description": place_service.note,
                    }
                )
            )

        suffix, hours = _offset(place.time_zone)
        for rule in place.opening_rules.all():
            doc["schedules"].append(
                _drop_empty(
                    {
                        "id": hsds_id("schedule", rule.pk),
                        "location_id": location_id,
                        "freq": "WEEKLY",
                        "wkst": "MO",
                        "byday": rule.byday,
                        "opens_at": f"{rule.opens_at:%H:%M}{suffix}",
                        "closes_at": f"{rule.closes_at:%H:%M}{suffix}",
                        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
                        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
                        "timezone": hours,
                        "notes": place.time_zone,
                    }
                )
            )
    return doc
