"""A relationship's timeline (its MentorshipEvents, in words) on its page, for its mentor, its
mentee and staff; the events hold no free text."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorship import selectors, services
from mentorship.models import MentorshipEvent, Service

from .factories import MenteeFactory, MentorFactory, RelationshipFactory, UserFactory

pytestmark = pytest.mark.django_db
START = dt.date(2024, 1, 1)


def _lived_relationship():
    """A relationship matched by staff, two services (one a referral whose insured months grow),
    then ended early with a reason."""
    staff = UserFactory(role="reviewer", full_name="Staff Member Wong")
    mentor = MentorFactory()
    mentee = MenteeFactory(status="unemployed", status_since=dt.date(2023, 6, 1))
    relationship = services.relationship_create(
        mentor_id=mentor.pk, mentee_id=mentee.pk, start_date=START, acting_user=staff
    )
    services.service_log(
        relationship_id=relationship.pk, kind="internship_guidance", date=START, days=3, acting_user=mentor.user
    )
    referral = services.service_log(
        relationship_id=relationship.pk,
        kind="job_referral",
        date=dt.date(2024, 2, 1),
        employer="深圳市某科技有限公司",
        hired_on=dt.date(2024, 2, 10),
        insured_months=1,
        acting_user=mentor.user,
    )
    services.job_referral_update_insurance(service=referral, insured_months=3, acting_user=mentor.user)
    services.relationship_end(
        relationship=relationship, ended_on=dt.date(2024, 6, 30), reason="Moved back to Hong Kong", acting_user=staff
    )
    return relationship


def test_the_timeline_tells_what_happened_in_words():
    relationship = _lived_relationship()
    relationship = type(relationship).objects.select_related("mentor", "mentee__user").get(pk=relationship.pk)
    timeline = selectors.relationship_timeline(relationship)
    assert [str(entry.what) for entry in timeline] == [
        "Matched for one year: 2024-01-01 to 2024-12-31",
        "Service logged: Internship guidance on 2024-01-01",
        "Service logged: Job referral on 2024-02-01",
        "Months of social insurance updated to 3",
        "Ended early on 2024-06-30",
    ]
    mentor_name = relationship.mentor.display_name
    assert [str(entry.who) for entry in timeline] == ["HR bureau", mentor_name, mentor_name, mentor_name, "HR bureau"]
    assert timeline[-1].note == "Moved back to Hong Kong"  # from the relationship, not the event
    assert all("Hong Kong" not in str(event.detail) for event in MentorshipEvent.objects.all())


@pytest.mark.parametrize("who", ["mentor", "mentee", "staff"])
def test_the_timeline_is_on_the_relationships_page_for_its_mentor_its_mentee_and_staff(who, client):
    relationship = _lived_relationship()
    viewer = {
        "mentor": relationship.mentor.user,
        "mentee": relationship.mentee.user,
        "staff": UserFactory(role="approver"),
    }[who]
    client.force_login(viewer)
    html = client.get(f"/en/mentors/relationships/{relationship.pk}/").content.decode()
    assert 'data-testid="timeline"' in html
    assert "Service logged: Job referral on 2024-02-01" in html and "Moved back to Hong Kong" in html
    assert "Staff Member Wong" not in html  # staff are the HR bureau to whoever reads it
    # the money and the forms are the mentor's and staff's only
    assert ('data-testid="entitlement"' in html) is (who != "mentee")
    assert ("Log the service" in html) is (who != "mentee")


def test_the_mentee_reads_but_does_not_write(client):
    relationship = RelationshipFactory()
    client.force_login(relationship.mentee.user)
    url = f"/en/mentors/relationships/{relationship.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "career_guidance", "date": "2024-02-01"}).status_code == 403
    assert not Service.objects.exists()
    assert f"/en/mentors/relationships/{relationship.pk}/" in client.get("/en/mentors/my-mentor/").content.decode()
    client.force_login(MenteeFactory().user)  # another young person
    assert client.get(url).status_code == 404
