"""The pure rules: normalisation, highlighting, in force, the checker's match and the estimate."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from policies import rules
from policies.rules import Applicant, BenefitTerms, Criteria

# Futian internship subsidy (福田区, 2021 reply of 共青团福田区委): per month by education level.
FUTIAN_INTERNSHIP = [
    BenefitTerms("Associate", Decimal("1000"), "per_month", None, education_level="associate"),
    BenefitTerms("Bachelor", Decimal("1500"), "per_month", None, education_level="bachelor"),
    BenefitTerms("Master", Decimal("2500"), "per_month", None, education_level="master"),
    BenefitTerms("PhD", Decimal("4500"), "per_month", None, education_level="phd"),
]


def applicant(**changes):
    values = dict(origin="hk", age=24, education="master", situation="studying", city="", needs=frozenset(), months=3)
    values.update(changes)
    return Applicant(**values)


class TestSearchNormalisation:
    def test_traditional_and_simplified_meet(self):
        assert rules.normalise("創業補貼") == rules.normalise("创业补贴") == "创业补贴"

    def test_english_is_lower_cased(self):
        assert rules.normalise("Internship SUBSIDY") == "internship subsidy"

    def test_terms_split_on_spaces_and_chinese_punctuation(self):
        assert rules.search_terms("  創業，實習 Mentor mentor ") == ["创业", "实习", "mentor"]

    def test_terms_are_bounded(self):
        assert len(rules.search_terms(" ".join(f"w{i}" for i in range(20)))) == rules.MAX_QUERY_TERMS
        assert len(rules.search_terms("x" * 500)[0]) == rules.MAX_TERM_LENGTH

    def test_empty_query_has_no_terms(self):
        assert rules.search_terms("") == []
        assert rules.search_terms(" ，") == []


class TestHighlight:
    def test_traditional_query_marks_simplified_text(self):
        assert rules.highlight("支持港澳青年创业", rules.search_terms("創業")) == "支持港澳青年<mark>创业</mark>"

    def test_simplified_query_marks_traditional_text(self):
        assert rules.highlight("支援港澳青年創業", rules.search_terms("创业")) == "支援港澳青年<mark>創業</mark>"

    def test_english_match_keeps_original_case_and_escapes(self):
        assert (
            rules.highlight("<b>Internship</b> subsidy", ["internship"])
            == "&lt;b&gt;<mark>Internship</mark>&lt;/b&gt; subsidy"
        )

    def test_overlapping_terms_merge(self):
        assert rules.highlight("abcdef", ["abc", "cde"]) == "<mark>abcde</mark>f"

    def test_excerpt_around_the_match(self):
        text = "a" * 200 + " mentor " + "b" * 200
        passage = rules.excerpt(text, ["mentor"], width=60)
        assert "<mark>mentor</mark>" in passage
        assert passage.startswith("… ") and passage.endswith(" …")
        assert rules.excerpt(text, ["absent"]) is None


class TestInForce:
    day = datetime.date(2023, 7, 1)

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (None, None, True),
            (datetime.date(2023, 7, 1), None, True),
            (datetime.date(2023, 7, 2), None, False),
            (None, datetime.date(2023, 7, 1), True),
            (None, datetime.date(2023, 6, 30), False),
            (datetime.date(2022, 1, 1), datetime.date(2024, 1, 1), True),
        ],
    )
    def test_in_force(self, start, end, expected):
        assert rules.in_force(start, end, self.day) is expected


class TestMatchApplicant:
    def test_no_criteria_fits_everybody(self):
        assert rules.match_applicant(applicant(), Criteria()).fits

    def test_origin(self):
        hk_only = Criteria(origins=("hk",))
        assert rules.match_applicant(applicant(origin="hk"), hk_only).fits
        with translation.override("en"):
            result = rules.match_applicant(applicant(origin="macau"), hk_only, {"hk": "Hong Kong"})
        assert not result.fits
        assert result.misses == ("Only for young people from Hong Kong.",)

    def test_choices_read_as_words_in_each_language(self):
        criteria = Criteria(origins=("hk", "macau"), education=("bachelor", "master", "phd"))
        person = applicant(origin="hk", education="secondary")
        labels = {"hk": "Hong Kong", "macau": "Macau", "bachelor": "BA", "master": "MA", "phd": "PhD"}
        with translation.override("en"):
            result = rules.match_applicant(person, criteria, labels)
        assert result.reasons == ("Open to young people from Hong Kong or Macau.",)
        assert result.misses == ("For these education levels: BA, MA or PhD.",)
        with translation.override("zh-hant"):
            result = rules.match_applicant(person, criteria, {**labels, "hk": "香港", "macau": "澳門"})
        assert result.reasons == ("適用於來自香港或澳門的青年。",)
        assert result.misses == ("只適用於以下學歷：BA、MA或PhD。",)

    def test_age_limits_are_inclusive(self):
        criteria = Criteria(min_age=18, max_age=35)
        assert rules.match_applicant(applicant(age=18), criteria).fits
        assert rules.match_applicant(applicant(age=35), criteria).fits
        assert not rules.match_applicant(applicant(age=17), criteria).fits
        assert not rules.match_applicant(applicant(age=36), criteria).fits

    def test_education_situation_city_and_needs_give_reasons(self):
        criteria = Criteria(
            origins=("hk", "macau"),
            education=("bachelor", "master"),
            situations=("studying",),
            needs=("internship",),
            city="shenzhen",
        )
        person = applicant(city="shenzhen", needs=frozenset({"internship", "housing"}))
        with translation.override("en"):
            result = rules.match_applicant(person, criteria, {"master": "Master's degree", "shenzhen": "Shenzhen"})
        assert result.fits
        assert len(result.reasons) == 5
        assert "Your education level (Master's degree) qualifies." in result.reasons
        assert "It applies in the city you are interested in (Shenzhen)." in result.reasons

    def test_each_failing_criterion_is_a_miss(self):
        criteria = Criteria(education=("phd",), situations=("startup",), needs=("funding",), city="huizhou")
        person = applicant(city="shenzhen", needs=frozenset({"job"}))
        result = rules.match_applicant(person, criteria)
        assert not result.fits
        assert len(result.misses) == 4

    def test_no_city_or_need_given_does_not_restrict(self):
        assert rules.match_applicant(
            applicant(city="", needs=frozenset()), Criteria(needs=("funding",), city="huizhou")
        ).fits

    def test_reasons_follow_the_active_language(self):
        with translation.override("zh-hant"):
            result = rules.match_applicant(applicant(), Criteria(origins=("hk",)), {"hk": "香港"})
        assert result.reasons == ("適用於來自香港的青年。",)


class TestEstimate:
    def test_masters_intern_three_months(self):
        estimate = rules.estimate_for_applicant(FUTIAN_INTERNSHIP, applicant(education="master", months=3))
        assert estimate.amount == Decimal("7500")
        assert estimate.months == 3
        assert estimate.education_level == "master"

    @pytest.mark.parametrize(
        ("level", "months", "expected"),
        [("associate", 6, 6000), ("bachelor", 2, 3000), ("phd", 1, 4500), ("secondary", 3, None)],
    )
    def test_rate_by_education_level(self, level, months, expected):
        estimate = rules.estimate_for_applicant(FUTIAN_INTERNSHIP, applicant(education=level, months=months))
        assert (estimate.amount if estimate else None) == (Decimal(expected) if expected else None)

    def test_ceiling_caps_a_monthly_rate(self):
        terms = BenefitTerms("x", Decimal("2500"), "per_month", Decimal("5000"))
        assert rules.benefit_maximum(terms, months=3) == Decimal("5000")
        assert rules.benefit_maximum(terms, months=1) == Decimal("2500")

    def test_one_time_and_up_to(self):
        assert rules.benefit_maximum(BenefitTerms("living", Decimal("60000"), "one_time", None)) == Decimal("60000")
        assert rules.benefit_maximum(BenefitTerms("landing", None, "one_time", Decimal("1000000"))) == Decimal(
            "1000000"
        )

    def test_per_session_without_cap_has_no_maximum(self):
        assert rules.benefit_maximum(BenefitTerms("x", Decimal("200"), "per_session", None)) is None
        assert rules.benefit_maximum(BenefitTerms("x", Decimal("200"), "per_session", Decimal("1000"))) == Decimal(
            "1000"
        )

    def test_best_alternative_not_the_sum(self):
        terms = [
            BenefitTerms("competition", None, "one_time", Decimal("1000000")),
            BenefitTerms("financing", None, "one_time", Decimal("1000000")),
            BenefitTerms("small", Decimal("5000"), "one_time", None),
        ]
        assert rules.estimate_for_applicant(terms, applicant()).amount == Decimal("1000000")

    def test_money_paid_to_mentors_or_bases_is_not_the_applicants(self):
        terms = [
            BenefitTerms("career guidance", Decimal("200"), "per_session", Decimal("1000"), beneficiary="mentor"),
            BenefitTerms("base award", Decimal("500000"), "one_time", None, beneficiary="base"),
        ]
        assert rules.estimate_for_applicant(terms, applicant()) is None
