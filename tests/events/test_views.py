"""The pages, role by role: the programme list (fixed queries), a session with its registration
form, my registrations with what happens next, the door's check-in page for staff only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationState

from .factories import ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = RegistrationState


def browser(user=None, language="zh-hant") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        c.force_login(user)
    return c


def test_list_page_in_three_languages_with_fixed_queries(programme, session, lottery, django_assert_num_queries):
    for _ in range(5):
        SessionFactory(programme=ProgrammeFactory())
    for language, heading in (
        ("zh-hant", "交流、活動與課程"),
        ("zh-hans", "交流、活动与课程"),
        ("en", "Exchange trips"),
    ):
        with django_assert_num_queries(2):  # the programmes (sessions counted), the coming sessions (seats summed)
            response = browser().get(f"/{language}/events/")
        assert response.status_code == 200
        assert heading in response.content.decode()


def test_programme_page_shows_its_figures(programme, session):
    response = browser().get(f"/zh-hant/events/{programme.slug}/")
    assert response.status_code == 200
    assert "已舉行場次" in response.content.decode()
    assert browser().get("/zh-hant/events/nope/").status_code == 404


def test_a_youth_registers_on_the_session_page(session, make_user):
    youth = make_user()
    page = browser(youth).get(f"/zh-hant/events/sessions/{session.pk}/")
    assert 'data-testid="register-form"' in page.content.decode()
    response = browser(youth).post(f"/zh-hant/events/sessions/{session.pk}/", {"party_size": "2"})
    assert response.status_code == 302 and response["Location"].endswith("/events/mine/")
    registration = Registration.objects.get(user=youth)
    assert (registration.state, registration.party_size) == (S.CONFIRMED, 2)
    mine = browser(youth).get("/zh-hant/events/mine/").content.decode()
    assert "已確認" in mine and registration.code in mine and "<svg" in mine  # the QR code, inline
    again = browser(youth).get(f"/zh-hant/events/sessions/{session.pk}/").content.decode()
    assert 'data-testid="register-form"' not in again and 'data-testid="my-registration"' in again


def test_a_refusal_shows_on_the_form(session, make_user):
    response = browser(make_user()).post(f"/zh-hant/events/sessions/{session.pk}/", {"party_size": "3"})
    assert response.status_code == 400
    assert 'id="id_party_size_error"' in response.content.decode()
    assert not Registration.objects.exists()


def test_other_roles_and_anonymous_cannot_register_on_the_page(session, organiser, staff):
    for user in (organiser, staff):
        page = browser(user).get(f"/zh-hant/events/sessions/{session.pk}/").content.decode()
        assert 'data-testid="register-form"' not in page
        assert browser(user).post(f"/zh-hant/events/sessions/{session.pk}/", {"party_size": "1"}).status_code == 403
    response = browser().post(f"/zh-hant/events/sessions/{session.pk}/", {"party_size": "1"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Registration.objects.exists()


def test_my_registrations_say_what_happens_next(session, lottery, make_user):
    youth = make_user()
    services.registration_create(session_id=lottery.pk, acting_user=youth)
    page = browser(youth).get("/zh-hant/events/mine/").content.decode()
    assert "等候抽籤" in page and "首次參加者優先" in page
    other = make_user()
    services.registration_create(session_id=session.pk, acting_user=other, party_size=2)
    services.registration_create(session_id=session.pk, acting_user=make_user())
    waiting = services.registration_create(session_id=session.pk, acting_user=youth)
    page = browser(youth).get("/zh-hant/events/mine/").content.decode()
    assert "候補名單排第1位" in page
    # a cancellation elsewhere: the seat is offered; the page offers to accept it
    first = Registration.objects.get(user=other)
    services.registration_cancel(registration_id=first.pk, acting_user=other)
    page = browser(youth).get("/en/events/mine/").content.decode()
    assert 'data-testid="action-accept-offer"' in page
    response = browser(youth).post(f"/en/events/registrations/{waiting.pk}/accept-offer/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == S.CONFIRMED
    # someone else's registration is not found
    assert browser(make_user()).post(f"/en/events/registrations/{waiting.pk}/cancel/").status_code == 404
    assert browser().get("/en/events/mine/").status_code == 302


def test_check_in_page_for_staff_and_the_organiser_only(programme, make_user, organiser, staff):
    now = timezone.now()
    today = SessionFactory(
        programme=programme,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=5),
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=now + timedelta(minutes=30),
    )
    reg = services.registration_create(session_id=today.pk, acting_user=make_user(full_name="陳大文"))
    url = f"/zh-hant/events/check-in/{today.pk}/"
    for user in (make_user(), make_user("organiser")):
        assert browser(user).get(url).status_code == 404
    assert browser(staff).get(url).status_code == 200
    bad = browser(organiser).post(url, {"code": "ZZZZ2222"})
    assert bad.status_code == 404 and 'id="id_code_error"' in bad.content.decode()
    response = browser(organiser).post(url, {"code": reg.code.lower()})
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.state == S.ATTENDED
    page = browser(organiser).get(url).content.decode()
    assert "陳大文" in page and "1人中已有1人報到" in page
    # the participant can now download the certificate from their page
    assert 'data-testid="certificate-link"' in browser(reg.user).get("/zh-hant/events/mine/").content.decode()


def test_staff_see_how_the_draw_ran_and_youth_do_not(lottery, make_user, staff):
    youth = make_user()
    for user in (youth, make_user(), make_user(), make_user(), make_user()):
        services.registration_create(session_id=lottery.pk, acting_user=user)
    draw = services.session_allocate(session_id=lottery.pk, acting_user=staff, seed=12345)
    page = browser(staff, "en").get(f"/en/events/sessions/{lottery.pk}/").content.decode()
    assert "12345" in page and 'data-testid="draw-order"' in page
    assert page.count('<td class="govuk-table__cell">First-timer</td>') == len(draw.order) == 5
    assert (
        'data-testid="draw-order"'
        not in browser(youth, "en").get(f"/en/events/sessions/{lottery.pk}/").content.decode()
    )


def test_a_youth_who_may_not_join_sees_why_instead_of_the_form(programme, session, make_user):
    """Issue 18: the reasons in the page's language, no form; a POST anyway is refused (403) and
    writes nothing."""
    programme.residency, programme.audience, programme.min_age = "hk", "students", 18
    programme.save()
    day = timezone.localtime(session.starts_at).date()
    youth = make_user(date_of_birth=day.replace(year=day.year - 17), residence="mo", study_status="graduate")
    for language, texts in (
        ("zh-hant", ("您不能報名參加此場次", "須年滿 18 歲。", "此活動只供香港居民參加。", "此活動只供學生參加。")),
        ("zh-hans", ("您不能报名参加此场次", "此活动只供香港居民参加。", "此活动只供学生参加。")),
        ("en", ("You cannot register for this session", "This programme is only for Hong Kong residents.")),
    ):
        page = browser(youth, language).get(f"/{language}/events/sessions/{session.pk}/").content.decode()
        assert 'data-testid="not-eligible"' in page and 'data-testid="register-form"' not in page, language
        for text in texts:
            assert text in page, (language, text)
    response = browser(youth).post(f"/zh-hant/events/sessions/{session.pk}/", {"party_size": "1"})
    assert response.status_code == 403
    assert "此活動只供學生參加。" in response.content.decode()
    assert not Registration.objects.exists()


def test_an_incomplete_profile_links_to_the_profile_page(session, make_user):
    page = browser(make_user(date_of_birth=None)).get(f"/zh-hant/events/sessions/{session.pk}/").content.decode()
    assert "請先完善個人資料：此活動需要您的出生日期。" in page
    assert 'data-testid="complete-profile"' in page and 'href="/zh-hant/accounts/profile/"' in page


def test_a_signed_out_visitor_sees_who_may_join(programme, session):
    programme.residency, programme.audience = "hk", "students"
    programme.save()
    page = browser().get(f"/zh-hant/events/sessions/{session.pk}/").content.decode()
    assert "參加資格" in page and "18至45歲" in page and "香港居民" in page and "學生" in page
    assert 'data-testid="not-eligible"' not in page
    english = browser(language="en").get(f"/en/events/sessions/{session.pk}/").content.decode()
    assert "Aged 18 to 45" in english and "Hong Kong residents" in english
