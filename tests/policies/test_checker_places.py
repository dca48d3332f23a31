"""The eligibility checker's place: a city or a district of it. A guide of a city applies in its
districts; a guide of a district applies to someone who chose it, or its city, and not to someone
who chose another district."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from policies import rules
from policies.forms import EligibilityForm
from policies.rules import Applicant, Criteria
from portal.models import Region

from .factories import PolicyFactory, RegionFactory


def person(city: str = "", within: tuple[str, ...] = ()) -> Applicant:
    return Applicant(origin="hk", age=24, education="master", situation="studying", city=city, within=within)


SHENZHEN = Criteria(city="shenzhen", region="shenzhen")
FUTIAN = Criteria(city="shenzhen", region="futian", within=("shenzhen",))
HETAO = Criteria(city="shenzhen", region="hetao", within=("futian", "shenzhen"))
HUIZHOU = Criteria(city="huizhou", region="huizhou")
LABELS = {"shenzhen": "Shenzhen", "futian": "Futian", "luohu": "Luohu", "huizhou": "Huizhou"}


@pytest.mark.parametrize(
    ("chosen", "guide", "fits"),
    [
        (person("futian", ("shenzhen",)), SHENZHEN, True),  # a district is in its city
        (person("futian", ("shenzhen",)), FUTIAN, True),
        (person("futian", ("shenzhen",)), HETAO, True),  # a zone of Futian
        (person("luohu", ("shenzhen",)), FUTIAN, False),  # another district
        (person("luohu", ("shenzhen",)), SHENZHEN, True),
        (person("shenzhen"), FUTIAN, True),  # a city covers its districts, as before
        (person("shenzhen"), HUIZHOU, False),
        (person("futian", ("shenzhen",)), HUIZHOU, False),
        (person(""), FUTIAN, True),  # anywhere
        (person("futian", ("shenzhen",)), Criteria(city="shenzhen"), True),  # criteria without a region
    ],
)
def test_places_overlap(chosen, guide, fits):
    assert rules.match_applicant(chosen, guide, LABELS).fits is fits


def test_the_reasons_name_the_place():
    assert "It applies in the place you are interested in (Futian)." in (
        rules.match_applicant(person("futian", ("shenzhen",)), SHENZHEN, LABELS).reasons
    )
    assert "It applies in the city you are interested in (Shenzhen)." in (
        rules.match_applicant(person("shenzhen"), FUTIAN, LABELS).reasons
    )
    assert rules.match_applicant(person("luohu", ("shenzhen",)), FUTIAN, LABELS).misses == (
        "It applies in another part of Shenzhen (Futian).",
    )
    assert rules.match_applicant(person("futian", ("shenzhen",)), HUIZHOU, LABELS).misses == (
        "It applies in another city (Huizhou).",
    )


@pytest.fixture
def places(db):
    shenzhen = RegionFactory()
    futian = RegionFactory(slug="futian", kind=Region.Kind.DISTRICT, parent=shenzhen, name_en="Futian District")
    luohu = RegionFactory(slug="luohu", kind=Region.Kind.DISTRICT, parent=shenzhen, name_en="Luohu District")
    RegionFactory(slug="hetao", kind=Region.Kind.ZONE, parent=futian, name_en="Hetao")
    huizhou = RegionFactory(slug="huizhou", name_en="Huizhou")
    return {"shenzhen": shenzhen, "futian": futian, "luohu": luohu, "huizhou": huizhou}


def test_the_form_offers_cities_and_their_districts(places):
    form = EligibilityForm()
    slugs = [value for value, _label in form.fields["city"].choices if value]
    assert [str(slug) for slug in slugs] == ["huizhou", "shenzhen", "futian", "luohu"]  # no zone
    answers = {"origin": "hk", "age": 24, "education": "master", "situation": "studying", "city": "futian"}
    form = EligibilityForm(answers)
    assert form.is_valid(), form.errors
    assert form.applicant().city == "futian" and form.applicant().within == ("shenzhen",)


def test_the_checker_api_takes_a_district(places):
    PolicyFactory(slug="shenzhen-wide", region=places["shenzhen"], criteria_needs=["internship"])
    PolicyFactory(slug="futian-only", region=places["futian"], criteria_needs=["internship"])
    PolicyFactory(slug="luohu-only", region=places["luohu"], criteria_needs=["internship"])
    api = APIClient()

    def found(city: str) -> set[str]:
        answers = {"origin": "hk", "age": 24, "education": "master", "situation": "studying", "city": city}
        response = api.post("/api/v1/policies/eligibility/", {**answers, "needs": ["internship"]}, format="json")
        assert response.status_code == 200, response.data
        return {result["slug"] for result in response.data["results"]}

    assert found("futian") == {"shenzhen-wide", "futian-only"}
    assert found("luohu") == {"shenzhen-wide", "luohu-only"}
    assert found("shenzhen") == {"shenzhen-wide", "futian-only", "luohu-only"}
    assert found("huizhou") == set()
