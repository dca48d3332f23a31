"""Demo schemes with their rules and required documents (figures from DOMAIN.md), and a few
demo claims in different states for the demo youth. Idempotent: looked up by natural keys."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import rules

RULES_FROM = date(2023, 1, 1)

DOCUMENTS = {
    "identity": (
        "身份證明（香港身份證／回鄉證）",
        "身份证明（香港身份证／回乡证）",
        "Identity document (HKID / Home Return Permit)",
    ),
    "degree": ("學歷證書", "学历证书", "Degree certificate"),
    "contract": ("僱傭／實習合同", "雇佣／实习合同", "Employment or internship contract"),
    "social-insurance": ("社保繳納記錄", "社保缴纳记录", "Social insurance record"),
    "award": ("創業大賽獲獎證明", "创业大赛获奖证明", "Competition award certificate"),
    "financing": ("融資協議", "融资协议", "Financing agreement"),
    "base-recognition": ("市級基地認定文件", "市级基地认定文件", "Municipal base recognition"),
    "service-log": ("導師服務記錄", "导师服务记录", "Mentor service records"),
    "lease": ("租賃合同", "租赁合同", "Lease"),
}

# code: (names zh-hant/zh-hans/en, the slug of its policy guide, applicant role, annual budget,
# documents, rule). The rules are the only place the measures' figures live: the guides show them
# from here (subsidies.rules.benefit_lines), the checker estimates with them.
SchemeSpec = tuple[tuple[str, str, str], str, str, Decimal | None, list[str], dict[str, object]]
SCHEMES: dict[str, SchemeSpec] = {
    "futian-internship": (
        ("福田區港澳青年實習補貼", "福田区港澳青年实习补贴", "Futian internship subsidy for HK/Macau youth"),
        "futian-internship-subsidy",
        "youth",
        Decimal("2000000"),
        ["identity", "degree", "contract"],
        {
            "kind": rules.MONTHLY_BY_EDUCATION,
            "rates": {"associate": "1000", "bachelor": "1500", "master": "2500", "phd": "4500"},
        },
    ),
    "luohu-living": (
        (
            "羅湖區港澳專業人才一次性生活補貼",
            "罗湖区港澳专业人才一次性生活补贴",
            "Luohu one-time living subsidy for HK/Macau professionals",
        ),
        "luohu-hkmo-professionals-living-subsidy",
        "youth",
        Decimal("2029000"),
        ["identity", "contract", "social-insurance"],
        {"kind": rules.FIXED, "amount": Decimal("60000"), "ceiling": Decimal("60000")},
    ),
    "futian-landing": (
        ("福田區港澳青年創業落地支持", "福田区港澳青年创业落地支持", "Futian landing support for youth start-ups"),
        "futian-landing-support",
        "youth",
        None,
        ["identity", "award", "financing"],
        {"kind": rules.UP_TO_PROPORTIONAL, "ceiling": Decimal("1000000"), "proportion": Decimal("0.1000")},
    ),
    "futian-landing-competition": (
        (
            "福田區創賽獲獎團隊落地支援",
            "福田区创赛获奖团队落地支持",
            "Futian landing support for competition-winning teams",
        ),
        "futian-landing-support",
        "youth",
        None,
        ["identity", "award"],
        {"kind": rules.UP_TO, "ceiling": Decimal("1000000")},
    ),
    "huaqiang-hardware-startup": (
        (
            "華強上步片區智能硬件初創企業融資及租金支援",
            "华强上步片区智能硬件初创企业融资及租金支持",
            "Huaqiang-Shangbu financing and rent support for smart-hardware start-ups",
        ),
        "futian-landing-support",
        "youth",
        None,
        ["identity", "financing", "lease"],
        {"kind": rules.UP_TO, "ceiling": Decimal("1000000")},
    ),
    "municipal-base-award": (
        (
            "深圳市級港澳青年創新創業基地一次性獎勵",
            "深圳市级港澳青年创新创业基地一次性奖励",
            "Shenzhen municipal HK/Macau youth innovation base award",
        ),
        "shenzhen-municipal-youth-innovation-base-award",
        "base_operator",
        Decimal("3500000"),
        ["base-recognition"],
        {"kind": rules.FIXED, "amount": Decimal("500000"), "ceiling": Decimal("500000")},
    ),
    "gba-mentor": (
        ("大灣區職場導師補貼", "大湾区职场导师补贴", "GBA Workplace Mentor subsidies"),
        "gba-workplace-mentor-programme",
        "mentor",
        None,
        ["identity", "service-log"],
        {"kind": rules.MENTOR_SERVICES},
    ),
}
# What each measure is given to (DOMAIN.md): landing support goes to a team that registers a
# company in Futian, the base award to a base (one per base); the others to a person. Mentor
# subsidies are claimed again as services accrue.
GIVEN_TO = {
    "futian-landing": rules.COMPANY,
    "futian-landing-competition": rules.COMPANY,
    "huaqiang-hardware-startup": rules.COMPANY,
    "municipal-base-award": rules.BASE,
}
PER_PERIOD = {"gba-mentor"}
# Luohu's living subsidy and Futian's internship subsidy may not be paid for the same person at
# once in the demo: it shows the "exclusive schemes" flag.
EXCLUSIVE = [("luohu-living", "futian-internship")]


def ensure_schemes() -> dict:
    """The seeds' schemes with their documents and first rules, those missing created in bulk:
    a handful of queries, loaded or not (every subsidies test starts from it)."""
    from .models import RequiredDocument, Scheme, SchemeRule

    # The guides, by name (the policies app reads this one, not the other way round); loaded
    # before this app's demo, absent in tests that load only the schemes.
    guides = dict(
        Scheme._meta.get_field("policy")
        .related_model._default_manager.filter(slug__in={spec[1] for spec in SCHEMES.values()})
        .values_list("slug", "pk")
    )
    schemes = {scheme.code: scheme for scheme in Scheme.objects.filter(code__in=SCHEMES)}
    Scheme.objects.bulk_create(
        [
            Scheme(
                code=code,
                name_zh_hant=names[0],
                name_zh_hans=names[1],
                name_en=names[2],
                name=names[0],
                applicant_role=role,
                annual_budget=budget,
                ordering=order,
                given_to=GIVEN_TO.get(code, rules.PERSON),
                claims_per_period=code in PER_PERIOD,
                policy_id=guides.get(policy),
            )
            for order, (code, (names, policy, role, budget, _docs, _rule)) in enumerate(SCHEMES.items())
            if code not in schemes
        ]
    )
    schemes = {scheme.code: scheme for scheme in Scheme.objects.filter(code__in=SCHEMES)}
    unlinked = [s for s in schemes.values() if s.policy_id is None and guides.get(SCHEMES[s.code][1])]
    for scheme in unlinked:
        scheme.policy_id = guides[SCHEMES[scheme.code][1]]
    Scheme.objects.bulk_update(unlinked, ["policy"])
    have_documents = set(RequiredDocument.objects.filter(scheme__in=schemes.values()).values_list("scheme_id", "code"))
    RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                scheme=schemes[code],
                code=doc,
                name=DOCUMENTS[doc][0],
                name_zh_hant=DOCUMENTS[doc][0],
                name_zh_hans=DOCUMENTS[doc][1],
                name_en=DOCUMENTS[doc][2],
                ordering=doc_order,
            )
            for code, (_names, _policy, _role, _budget, docs, _rule) in SCHEMES.items()
            for doc_order, doc in enumerate(docs)
            if (schemes[code].pk, doc) not in have_documents
        ]
    )
    have_rules = set(
        SchemeRule.objects.filter(scheme__in=schemes.values(), effective_from=RULES_FROM).values_list(
            "scheme_id", flat=True
        )
    )
    SchemeRule.objects.bulk_create(
        [
            SchemeRule(scheme=schemes[code], effective_from=RULES_FROM, **spec[5])
            for code, spec in SCHEMES.items()
            if schemes[code].pk not in have_rules
        ]
    )
    for a, b in EXCLUSIVE:
        schemes[a].exclusive_with.add(schemes[b])
    return schemes


# Who answers about each measure: the district's service point for Hong Kong youth (DOMAIN.md,
# "Service points"). The municipal base award names none: "to be confirmed" on the help page.
CONTACT_PLACES = {
    "futian-internship": "futian-hk-youth-one-stop",
    "futian-landing": "futian-hk-youth-one-stop",
    "futian-landing-competition": "futian-hk-youth-one-stop",
    "huaqiang-hardware-startup": "futian-hk-youth-one-stop",
    "luohu-living": "luohu-hk-groups-service-centre",
    "gba-mentor": "luohu-hk-groups-service-centre",
}


def _link_contact_places() -> None:
    from places.models import Place

    from .models import Scheme

    places = dict(Place.objects.filter(slug__in=set(CONTACT_PLACES.values())).values_list("slug", "pk"))
    for code, slug in CONTACT_PLACES.items():
        if slug in places:
            Scheme.objects.filter(code=code, contact_place=None).update(contact_place_id=places[slug])


def load() -> list[str]:
    from accounts.demo import demo_user

    from .models import Claim

    schemes = ensure_schemes()
    _link_contact_places()
    youth = demo_user("youth")
    if Claim.objects.filter(applicant=youth).exists():
        return []
    _demo_claims(schemes, youth)
    return []


def _pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="document.pdf")


def _demo_claims(schemes, youth) -> None:
    """Claims of the demo youth: a draft, one approved, one returned, one submitted.

    Written directly (the loader runs inside one transaction, where the services' durable
    transactions cannot open), with the same transitions the services would write."""
    from django.utils import timezone

    from accounts.demo import demo_user

    from .models import ApplicantProfile, Claim, ClaimDocument, ClaimState, ClaimTransition, SchemeBudget

    reviewer, approver = demo_user("reviewer"), demo_user("approver")
    identity = rules.canonical_identity(rules.HKID, "A123456(3)")
    ApplicantProfile.objects.update_or_create(
        user=youth, defaults={"identity_type": rules.HKID, "identity_number": identity}
    )

    def new(code, steps, decision=None, applicant=youth, identity_number=identity, **fields):
        scheme = schemes[code]
        payee = {
            "payee_bank": "中國銀行（香港）",
            "payee_account_name": applicant.full_name or "CHAN TAI MAN",
            "payee_account_number": "012875" + f"{applicant.pk:06d}",
        }
        claim = Claim.objects.create(
            scheme=scheme, applicant=applicant, identity_number=identity_number, **{**payee, **fields}
        )
        ClaimTransition.objects.create(claim=claim, actor=applicant, from_state="", to_state=ClaimState.DRAFT)
        rule = rules.version_in_force(scheme.rules.all(), timezone.localdate())
        result = rules.eligible_amount(rule.as_params(), claim.facts)
        claim.eligible_amount, claim.calculation, claim.rule = result.amount, result.calculation, rule
        if steps:
            claim.submitted_at = timezone.now()
            for doc in scheme.required_documents.all():
                document = ClaimDocument(
                    claim=claim,
                    kind=doc.code,
                    original_name=f"{doc.code}.pdf",
                    content_type="application/pdf",
                    size=60,
                    uploaded_by=applicant,
                )
                document.file.save("upload", _pdf(), save=False)
                document.save()
        state = ClaimState.DRAFT
        for actor, to_state, note in steps:
            ClaimTransition.objects.create(claim=claim, actor=actor, from_state=state, to_state=to_state, note=note)
            state = to_state
        claim.state = state
        claim.state_changed_at = timezone.now()
        for name, value in (decision or {}).items():
            setattr(claim, name, value)
        claim.save()
        return claim

    new(
        "futian-landing",
        [],
        financing_amount=Decimal("3000000"),
        requested_amount=Decimal("300000"),
        company_name="港深智造科技 HK-SZ Smart Making",
        period="2026",
    )
    approved = new(
        "futian-internship",
        [
            (youth, ClaimState.SUBMITTED, ""),
            (reviewer, ClaimState.IN_REVIEW, ""),
            (reviewer, ClaimState.RECOMMENDED, "Contract and degree checked."),
            (approver, ClaimState.APPROVED, ""),
        ],
        education_level=rules.MASTER,
        start_date=date(2026, 3, 1),
        end_date=date(2026, 5, 31),
        requested_amount=Decimal("7500"),
        period="2026",
        decision={
            "approved_amount": Decimal("7500"),
            "recommended_by": reviewer,
            "decided_by": approver,
            "decided_at": timezone.now(),
        },
    )
    # The approval step carries its amount, as claim_approve writes it (the timeline reconciles).
    approved.transitions.filter(to_state=ClaimState.APPROVED).update(amount=approved.approved_amount)
    budget, _ = SchemeBudget.objects.get_or_create(
        scheme=approved.scheme, year=timezone.localdate().year, defaults={"amount": approved.scheme.annual_budget}
    )
    budget.committed += approved.approved_amount
    budget.save()
    new(
        "futian-internship",
        [
            (youth, ClaimState.SUBMITTED, ""),
            (reviewer, ClaimState.IN_REVIEW, ""),
            (reviewer, ClaimState.RETURNED, "The internship contract scan is unreadable: please upload it again."),
        ],
        education_level=rules.MASTER,
        start_date=date(2026, 6, 1),
        end_date=date(2026, 8, 31),
        requested_amount=Decimal("7500"),
        period="2026",
    )
    new("luohu-living", [(youth, ClaimState.SUBMITTED, "")], requested_amount=Decimal("60000"), period="2026")
    # for the demo staff: youth2's internship claim waiting for review, and the base operator's
    # municipal base award (500,000 RMB, 2022 recognition) recommended and waiting for an approver
    youth2, operator = demo_user("youth2"), demo_user("operator")
    youth2_identity = "K" + "246810" + rules.hkid_check_digit("K", "246810")
    operator_identity = "M" + "135791" + rules.hkid_check_digit("M", "135791")
    for user, number in ((youth2, youth2_identity), (operator, operator_identity)):
        ApplicantProfile.objects.update_or_create(
            user=user, defaults={"identity_type": rules.HKID, "identity_number": number}
        )
    new(
        "futian-internship",
        [(youth2, ClaimState.SUBMITTED, "")],
        applicant=youth2,
        identity_number=youth2_identity,
        education_level=rules.BACHELOR,
        start_date=date(2026, 7, 1),
        end_date=date(2026, 12, 31),
        requested_amount=Decimal("9000"),
        period="2026",
    )
    new(
        "municipal-base-award",
        [
            (operator, ClaimState.SUBMITTED, ""),
            (reviewer, ClaimState.IN_REVIEW, ""),
            (reviewer, ClaimState.RECOMMENDED, "Recognised as a municipal base in 2022."),
        ],
        decision={"recommended_by": reviewer},
        applicant=operator,
        identity_number=operator_identity,
        # the award is one per base (Scheme.given_to): the base the operator runs, when loaded
        base=Claim._meta.get_field("base").related_model._default_manager.filter(operators=operator).first(),
        company_name="粵港澳青年創新創業工場",
        requested_amount=Decimal("500000"),
        period="2022",
    )
