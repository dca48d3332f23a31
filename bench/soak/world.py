"""The soak's people and places, on top of the demo data: youths with identity numbers, mentors
with employed mentees, operators with a base each, reviewers and approvers. Built through the
apps' own services where there is one (mentors, mentees, relationships); idempotent (looked up by
e-mail), so a second run on the same database adds nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import transaction

from accounts.demo import DEMO_PASSWORD, demo_user
from accounts.models import User
from accounts.roles import APPROVER, BASE_OPERATOR, MENTOR, REVIEWER, YOUTH, role_group

LANGUAGES = ("zh-hant", "zh-hans", "en")
DOMAIN = "soak.gba-youth.example"
# Mentees are employed from this day, relationships start on it: career guidance sessions can be
# logged on any day of the relationship's year up to today.
RELATIONSHIP_START_DAYS_AGO = 200


@dataclass
class Person:
    email: str
    language: str
    identity: str = ""  # an HKID for applicants
    relationships: list[int] = field(default_factory=list)  # a mentor's
    relationship_start: str = ""
    base: int | None = None  # an operator's


@dataclass
class Plan:
    password: str
    youths: list[Person]
    mentors: list[Person]
    operators: list[Person]
    reviewers: list[Person]
    approvers: list[Person]
    policy_slugs: list[str]
    base_ids: list[int]
    mentor_ids: list[int]
    search_terms: dict[str, list[str]]

    def as_dict(self) -> dict:
        return asdict(self)


def hkid(n: int) -> str:
    """A valid Hong Kong identity card number, distinct for each n."""
    from subsidies.rules import hkid_check_digit

    letter = "ABCDEGHKMPRSTVYZ"[n % 16]
    digits = f"{700000 + n:06d}"
    return f"{letter}{digits}({hkid_check_digit(letter, digits)})"


def _user(email: str, name: str, role: str, language: str, *, staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "preferred_language": language, "is_staff": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(role_group(role))
    return user


def _qianhai():
    """Where the soak's bases are: Qianhai, Shenzhen (portal.Region; the demo data create it too)."""
    from portal.models import Region

    shenzhen, _created = Region.objects.get_or_create(
        slug="shenzhen",
        defaults={"kind": Region.Kind.CITY, "name_zh_hant": "深圳", "name_zh_hans": "深圳", "name_en": "Shenzhen"},
    )
    return Region.objects.get_or_create(
        slug="qianhai",
        defaults={
            "kind": Region.Kind.ZONE,
            "parent": shenzhen,
            "name_zh_hant": "前海",
            "name_zh_hans": "前海",
            "name_en": "Qianhai",
        },
    )[0]


def build(*, youths: int = 12, mentors: int = 4, mentees_per_mentor: int = 3, operators: int = 4) -> Plan:
    from incubators.models import Base, RecognitionLevel
    from mentorship import services as mentorship_services
    from mentorship.models import Mentee, Mentor, MentorRelationship
    from policies.models import Policy

    admin = demo_user("admin")
    today = dt.date.today()
    start = today - dt.timedelta(days=RELATIONSHIP_START_DAYS_AGO)
    lang = lambda i: LANGUAGES[i % 3]  # noqa: E731

    plan_youths = []
    for i in range(youths):
        _user(f"youth{i}@{DOMAIN}", f"Soak Youth {i}", YOUTH, lang(i))
        plan_youths.append(Person(f"youth{i}@{DOMAIN}", lang(i), identity=hkid(i)))

    plan_mentors = []
    for i in range(mentors):
        user = _user(f"mentor{i}@{DOMAIN}", f"Soak Mentor {i}", MENTOR, lang(i))
        mentor = Mentor.objects.filter(user=user).first() or mentorship_services.mentor_apply(
            user=user,
            acting_user=admin,
            approve=True,
            display_name=f"Soak Mentor {i}",
            industries="Finance",
            employer="Futian Soak Ltd",
            district="Futian",
        )
        relationship_ids = []
        for j in range(mentees_per_mentor):
            mentee_user = _user(f"mentee{i}-{j}@{DOMAIN}", f"Soak Mentee {i}-{j}", YOUTH, lang(j))
            mentee = Mentee.objects.filter(user=mentee_user).first() or mentorship_services.mentee_register(
                user=mentee_user, status=Mentee.Status.EMPLOYED, status_since=start, acting_user=admin
            )
            relationship = MentorRelationship.objects.filter(mentor=mentor, mentee=mentee).first()
            if relationship is None:
                relationship = mentorship_services.relationship_create(
                    mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=start, acting_user=admin
                )
            relationship_ids.append(relationship.pk)
        plan_mentors.append(
            Person(
                user.email,
                lang(i),
                identity=hkid(100 + i),
                relationships=relationship_ids,
                relationship_start=start.isoformat(),
            )
        )

    plan_operators = []
    qianhai = _qianhai()
    for i in range(operators):
        user = _user(f"operator{i}@{DOMAIN}", f"Soak Operator {i}", BASE_OPERATOR, lang(i))
        with transaction.atomic():
            base, _created = Base.objects.get_or_create(
                name_en=f"Soak innovation base {i}",
                defaults={
                    "name_zh_hant": f"壓力測試創新基地 {i}",
                    "name_zh_hans": f"压力测试创新基地 {i}",
                    "region": qianhai,
                    "address_zh_hant": f"前海某路 {i} 號",
                    "address_en": f"{i} Some Road, Qianhai",
                    "recognition_level": RecognitionLevel.MUNICIPAL,
                    "recognition_year": 2022,
                },
            )
            base.operators.add(user)
        plan_operators.append(Person(user.email, lang(i), base=base.pk))

    reviewers = [
        Person(_user(f"reviewer{i}@{DOMAIN}", f"Soak Reviewer {i}", REVIEWER, lang(i), staff=True).email, lang(i))
        for i in range(2)
    ]
    approvers = [
        Person(
            _user(f"approver{i}@{DOMAIN}", f"Soak Approver {i}", APPROVER, lang(i + 1), staff=True).email, lang(i + 1)
        )
        for i in range(2)
    ]

    return Plan(
        password=DEMO_PASSWORD,
        youths=plan_youths,
        mentors=plan_mentors,
        operators=plan_operators,
        reviewers=reviewers,
        approvers=approvers,
        policy_slugs=list(Policy.objects.order_by("pk").values_list("slug", flat=True)[:20]),
        base_ids=list(Base.objects.order_by("pk").values_list("pk", flat=True)[:20]),
        mentor_ids=list(
            Mentor.objects.filter(status=Mentor.Status.APPROVED).order_by("pk").values_list("pk", flat=True)
        ),
        search_terms={
            "zh-hant": ["實習", "創業", "補貼"],
            "zh-hans": ["实习", "创业", "补贴"],
            "en": ["internship", "start-up", "subsidy"],
        },
    )
