"""factory_boy factories for the mentorship app. State changes in tests go through services;
these only build the starting rows."""

from __future__ import annotations

import datetime as dt

import factory

from accounts.models import User
from accounts.roles import MENTOR, YOUTH, role_group
from mentorship import rules
from mentorship.models import Mentee, MenteeStatusChange, Mentor, MentorRelationship


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.gba-youth.example")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(role_group(extracted))
        self.save()


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory, role=MENTOR)
    status = Mentor.Status.APPROVED
    display_name = factory.LazyAttribute(lambda o: o.user.full_name)
    display_name_en = factory.LazyAttribute(lambda o: o.user.full_name)
    display_name_zh_hant = factory.LazyAttribute(lambda o: o.user.full_name)
    industries = "Finance"
    employer = "Luohu Trading Ltd"
    district = "Luohu"


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=YOUTH)
    status = Mentee.Status.EMPLOYED
    status_since = dt.date(2023, 1, 1)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        MenteeStatusChange.objects.create(mentee=self, status=self.status, since=self.status_since)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorRelationship

    mentor = factory.SubFactory(MentorFactory)
    mentee = factory.SubFactory(MenteeFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = factory.LazyAttribute(lambda o: rules.relationship_end_date(o.start_date))
