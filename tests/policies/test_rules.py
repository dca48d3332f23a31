"""The pure rules: normalisation, highlighting, in force, the checker's match and the estimate."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from policies import rules
from policies.rules import Applicant, Criteria
from subsidies import rules as subsidy_rules

# Futian internship subsidy (福田区, 2021 reply of 共青团福田区委): per month by education level.
FUTIAN_INTERNSHIP = subsidy_rules.RuleParams(
    kind=subsidy_rules.MONTHLY_BY_EDUCATION,
    rates={"associate": "1000", "bachelor": "1500", "master": "2500", "phd": "4500"},
)


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


class TestEstimateFacts:
    """The checker's answers as a claim's facts: the estimate is subsidies' eligible_amount."""

    DAY = datetime.date(2026, 1, 31)

    def estimate(self, params, person):
        try:
            return subsidy_rules.eligible_amount(params, rules.claim_facts(person, self.DAY)).amount
        except subsidy_rules.RuleError:
            return None

    def test_masters_intern_three_months(self):
        facts = rules.claim_facts(applicant(education="master", months=3), self.DAY)
        assert (facts.education_level, facts.start_date, facts.end_date) == (
            "master",
            self.DAY,
            datetime.date(2026, 4, 30),  # three whole months from 31 January
        )
        assert subsidy_rules.whole_months(facts.start_date, facts.end_date) == 3
        assert self.estimate(FUTIAN_INTERNSHIP, applicant(education="master", months=3)) == Decimal("7500")

    @pytest.mark.parametrize(
        ("level", "months", "expected"),
        [("associate", 6, 6000), ("bachelor", 2, 3000), ("phd", 1, 4500), ("secondary", 3, None)],
    )
    def test_rate_by_education_level(self, level, months, expected):
        found = self.estimate(FUTIAN_INTERNSHIP, applicant(education=level, months=months))
        assert found == (Decimal(expected) if expected else None)

    def test_financing_for_a_proportional_support(self):
        landing = subsidy_rules.RuleParams(
            kind=subsidy_rules.UP_TO_PROPORTIONAL, ceiling=Decimal("1000000"), proportion=Decimal("0.1")
        )
        assert self.estimate(landing, applicant(financing=Decimal("3000000"))) == Decimal("300000")
        assert self.estimate(landing, applicant(financing=Decimal("30000000"))) == Decimal("1000000")
        assert self.estimate(landing, applicant()) is None  # no financing given: no estimate
