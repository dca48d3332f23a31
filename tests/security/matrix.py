"""The permission matrix: one row per URL pattern of portal.urls (pages under the language prefix,
the API under /api/v1/; admin, media and the schema/docs are left out), with how to build its URL
from the world (tests/security/conftest.py) and, per method, the expected answer for each role.

Expectations read "roles:class", "*" for every other role. Classes: 2xx, 3xx (a redirect that is
not the login page), login (3xx to the login page), 400, 401, 403, 404, 405. The roles are
anon, youth (youth A, owner of the A objects), youth_b (another youth), mentor (mentor A, whose
mentee is youth A), mentor_b, operator (of base A), operator_b (of base B), reviewer, approver,
admin (superuser). Every URL is built from A's objects, so youth_b / mentor_b / operator_b show
what a non-owner of the same role gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class R:
    GET: str = ""
    POST: str = ""
    PUT: str = ""
    PATCH: str = ""
    DELETE: str = ""
    kwargs: Callable[[dict], dict] | None = None
    data: Callable[[dict], dict] | None = None  # the body of the writes, from the world's objects
    form: bool = False  # send the API body as multipart (uploads) rather than JSON

    def methods(self) -> dict[str, str]:
        return {m: s for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if (s := getattr(self, m))}


def pk(name: str, kw: str = "pk") -> Callable[[dict], dict]:
    return lambda o: {kw: o[name].pk}


def _pdf(o: dict) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    kind = o["claim_draft"].scheme.required_documents.order_by("pk").first().code
    return {"kind": kind, "file": SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}


def _event_session_body(o: dict) -> dict:
    """A new session of the demo programme that youth A's session belongs to."""
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() + timedelta(days=30)
    return {
        "programme": o["event_session"].programme.slug,
        "title": "Batch",
        "meeting_point": "Futian port",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=4)).isoformat(),
        "capacity": 20,
        "registration_opens_at": timezone.now().isoformat(),
        "registration_closes_at": (start - timedelta(days=2)).isoformat(),
    }


def _place(o: dict) -> dict:
    """The place of base A (its operators keep it): the demo's Workshop."""
    return {"slug": o["base_a"].place.slug}


def _place_report(o: dict) -> dict:
    """An open change report on base A's place (made once, in the world's transaction)."""
    from places.models import ChangeReportStatus, PlaceChangeReport

    place = o["base_a"].place
    report = PlaceChangeReport.objects.filter(place=place, status=ChangeReportStatus.OPEN).first()
    if report is None:
        report = PlaceChangeReport.objects.create(place=place, message="New hours.", reported_by=o["users"]["youth"])
    return {"pk": report.pk}


def _with_open_report(o: dict) -> dict:
    _place_report(o)
    return {}


def _user(role: str, name: str = "user") -> Callable[[dict], dict]:
    return lambda o: {name: o["users"][role].pk}


def _booking(o: dict) -> dict:
    """A resource of its own place (no operator of the world runs it), open every day, and youth
    A's booking of it far ahead (made once, in the world's transaction)."""
    import datetime as dt

    from bookings.models import Booking, Eligibility, Resource, ResourceKind, Unit
    from places.models import Place

    booking = Booking.objects.filter(resource__slug="matrix-desks").first()
    if booking is None:
        base_place = o["base_a"].place
        place = Place.objects.create(
            slug="matrix-bookings-place",
            name="Matrix place",
            kind="service_centre",
            organisation=base_place.organisation,
            region=base_place.region,
            closed_on_public_holidays=False,
        )
        resource = Resource.objects.create(
            place=place,
            slug="matrix-desks",
            name="Matrix desks",
            kind=ResourceKind.DESK_POOL,
            unit=Unit.DAY,
            capacity=100,
            eligibility=Eligibility.SIGNED_IN,
            opening_hours="MO-SU 00:00-23:59",
            max_days_ahead=30,
        )
        start = dt.datetime(2030, 1, 7, tzinfo=dt.UTC)
        booking = Booking.objects.create(
            resource=resource,
            user=o["users"]["youth"],
            period=(start, start + dt.timedelta(days=1)),
            units=1,
            state="confirmed",
        )
    return {"pk": booking.pk}


def _matrix_resource(o: dict) -> dict:
    from bookings.models import Booking

    return {"pk": Booking.objects.get(pk=_booking(o)["pk"]).resource_id}


def _booking_body(o: dict) -> dict:
    import datetime as dt

    from bookings.models import Booking

    resource = Booking.objects.get(pk=_booking(o)["pk"]).resource_id
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    return {"resource": resource, "start": str(tomorrow), "end": str(tomorrow + dt.timedelta(days=1))}


TODAY = "2026-01-05"


def _vacancy_body(o: dict) -> dict:
    """A draft for base A's employer (its operators post for it)."""
    return {
        "employer": o["vacancy_a"].employer_id,
        "kind": "internship",
        "title": "Intern",
        "city": "futian",
        "positions": 1,
        "contract_jurisdiction": "mainland",
        "social_insurance": "plan",
        "working_language": "mixed",
        "opens_on": TODAY,
        "closes_on": "2026-02-05",
    }


def _draft_vacancy(o: dict) -> dict:
    """A draft of base A's employer, a copy of its internship (made once, in the world's
    transaction): the one vacancy state its edit page takes changes in."""
    from opportunities.models import Vacancy, VacancyState

    source = o["vacancy_a"]
    draft = Vacancy.objects.filter(employer_id=source.employer_id, title_en="Matrix draft").first()
    if draft is None:
        draft = Vacancy.objects.get(pk=source.pk)
        draft.pk = None
        draft._state.adding = True
        draft.state, draft.title_en, draft.published_at = VacancyState.DRAFT, "Matrix draft", None
        draft.save()
    return {"pk": draft.pk}


def _vacancy_form(o: dict) -> dict:
    """The employer's vacancy form, filled in for base A's employer."""
    return {
        "employer": o["vacancy_a"].employer_id,
        "kind": "internship",
        "title_zh_hant": "實習生",
        "city": "futian",
        "positions": 1,
        "salary_currency": "RMB",
        "salary_period": "month",
        "contract_jurisdiction": "mainland",
        "social_insurance": "plan",
        "working_language": "mixed",
        "opens_on": TODAY,
        "closes_on": "2026-02-05",
    }


BUILD: dict[str, R] = {
    # Writes on behalf of someone else: youth B's id in the body.
    "api/v1/mentorship/mentors/": R(data=lambda o: {"user": o["users"]["youth_b"].pk, "display_name": "X"}),
    "api/v1/mentorship/mentees/": R(
        data=lambda o: {"user": o["users"]["youth_b"].pk, "status": "unemployed", "status_since": TODAY}
    ),
    "api/v1/mentorship/relationships/": R(
        data=lambda o: {"mentor": o["mentor_b"].pk, "mentee": o["free_mentee"].pk, "start_date": TODAY}
    ),
    "api/v1/mentorship/services/": R(
        data=lambda o: {
            "relationship": o["rel_a"].pk,
            "kind": "career_guidance",
            "date": str(o["rel_a"].start_date),
            "topic": "CV",
        }
    ),
    "api/v1/subsidies/claims/": R(
        data=lambda o: {"scheme": "luohu-living", "requested_amount": "1000", "period": "2026"}
    ),
    "api/v1/policies/<slug:slug>/": R(kwargs=lambda o: {"slug": o["policy"].slug}),
    "api/v1/incubators/bases/<int:pk>/": R(kwargs=pk("base_a")),
    "api/v1/incubators/bases/<int:pk>/reports/": R(kwargs=pk("base_a")),
    "api/v1/incubators/reports/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["report_a"].pk, "action": "accept"}
    ),
    "api/v1/incubators/flags/<int:pk>/<slug:action>/": R(kwargs=lambda o: {"pk": o["flag_a"].pk, "action": "confirm"}),
    "api/v1/mentorship/mentors/<int:pk>/": R(kwargs=pk("mentor_a")),
    "<lang>/accounts/signup/confirm/<str:token>/": R(kwargs=lambda o: {"token": "not-a-link-of-ours"}),
    "api/v1/mentorship/mentors/<int:pk>/entitlement/": R(kwargs=pk("mentor_a")),
    "api/v1/mentorship/mentors/<int:pk>/approve/": R(kwargs=pk("pending_mentor"), data=lambda o: {"note": ""}),
    "api/v1/mentorship/mentors/<int:pk>/reject/": R(
        kwargs=pk("pending_mentor"), data=lambda o: {"note": "No mainland workplace experience."}
    ),
    "api/v1/mentorship/relationships/<int:pk>/": R(kwargs=pk("rel_a")),
    "api/v1/mentorship/relationships/<int:pk>/end/": R(
        kwargs=pk("rel_a"), data=lambda o: {"ended_on": TODAY, "reason": "Moved away."}
    ),
    "api/v1/mentorship/relationships/<int:pk>/entitlement/": R(kwargs=pk("rel_a")),
    "api/v1/mentorship/services/<int:pk>/": R(kwargs=pk("service_a"), data=lambda o: {"insured_months": 3}),
    "api/v1/mentorship/activities/<int:pk>/attendance/": R(
        kwargs=pk("activity"), data=lambda o: {"mentor": o["mentor_a"].pk}
    ),
    "api/v1/subsidies/claims/<int:pk>/": R(kwargs=pk("claim_submitted")),
    "api/v1/subsidies/claims/<int:pk>/documents/": R(kwargs=pk("claim_draft"), data=_pdf, form=True),
    "api/v1/subsidies/claims/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["claim_submitted"].pk, "action": "recommend"}
    ),
    "api/v1/subsidies/payment-batches/<int:pk>/mark-paid/": R(kwargs=pk("batch")),
    "<lang>/accounts/password/reset/<uidb64>/<token>/": R(kwargs=lambda o: o["reset"]),
    "<lang>/policies/<slug:slug>/": R(kwargs=lambda o: {"slug": o["policy"].slug}),
    "<lang>/bases/statistics/download.<str:fmt>": R(kwargs=lambda o: {"fmt": "csv"}),
    "<lang>/bases/review/flags/<int:flag_id>/": R(kwargs=pk("flag_a", "flag_id")),
    "<lang>/bases/review/corrections/<int:report_id>/": R(kwargs=pk("report_a", "report_id")),
    "<lang>/bases/reports/<int:report_id>/": R(kwargs=pk("report_a", "report_id")),
    "<lang>/bases/<int:pk>/": R(kwargs=pk("base_a")),
    "<lang>/bases/<int:pk>/edit/": R(kwargs=pk("base_a")),
    "<lang>/bases/<int:pk>/history/": R(kwargs=pk("base_a")),
    "<lang>/bases/<int:pk>/reports/<period:period>/": R(kwargs=lambda o: {"pk": o["base_a"].pk, "period": o["period"]}),
    "api/v1/places/<slug:slug>/": R(kwargs=_place, data=lambda o: {"contact_phone": "0755-0000"}),
    # the staff page shows the close form of the world's open report: it must exist by then
    "<lang>/places/staff/": R(kwargs=_with_open_report),
    "<lang>/places/staff/reports/<int:pk>/close/": R(kwargs=_place_report),
    "<lang>/places/<slug:slug>/": R(kwargs=_place),
    "<lang>/places/<slug:slug>/edit/": R(kwargs=_place),
    "<lang>/places/<slug:slug>/confirm/": R(kwargs=_place),
    "<lang>/places/<slug:slug>/closures/": R(kwargs=_place),
    "<lang>/places/<slug:slug>/report/": R(kwargs=_place),
    "<lang>/mentors/<int:pk>/": R(kwargs=pk("mentor_a")),
    "<lang>/mentors/relationships/<int:pk>/": R(kwargs=pk("rel_a")),
    "<lang>/mentors/services/<int:pk>/insurance/": R(kwargs=pk("service_a")),
    "<lang>/mentors/services/<int:pk>/evidence/": R(kwargs=pk("service_a")),
    "<lang>/mentors/staff/mentors/<int:pk>/review/": R(kwargs=pk("pending_mentor")),
    "<lang>/mentors/staff/relationships/<int:pk>/end/": R(kwargs=pk("rel_a")),
    "<lang>/mentors/staff/activities/<int:pk>/": R(kwargs=pk("activity")),
    "<lang>/subsidies/apply/<slug:code>/": R(kwargs=lambda o: {"code": o["scheme"].code}),
    "<lang>/subsidies/claims/<int:pk>/": R(kwargs=pk("claim_submitted")),
    "<lang>/subsidies/claims/<int:pk>/edit/": R(kwargs=pk("claim_draft")),
    "<lang>/subsidies/claims/<int:pk>/documents/": R(kwargs=pk("claim_draft")),
    "<lang>/subsidies/claims/<int:pk>/identity/": R(kwargs=pk("claim_submitted")),
    "<lang>/subsidies/claims/<int:pk>/submitted/": R(kwargs=pk("claim_submitted")),
    "api/v1/places/change-reports/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["place_report"].pk, "action": "close"}
    ),
    "<lang>/subsidies/claims/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["claim_submitted"].pk, "action": "recommend"}
    ),
    "<lang>/subsidies/documents/<int:pk>/": R(kwargs=pk("document_a")),
    "<lang>/subsidies/documents/<int:pk>/remove/": R(kwargs=pk("document_a")),
    "<lang>/subsidies/batches/<int:pk>/": R(kwargs=pk("batch")),
    "<lang>/subsidies/batches/<int:pk>/mark-paid/": R(kwargs=pk("batch")),
    "<lang>/subsidies/batches/<int:pk>/export.<str:fmt>": R(kwargs=lambda o: {"pk": o["batch"].pk, "fmt": "csv"}),
    "<lang>/subsidies/exports/<int:pk>/": R(kwargs=pk("export")),
    "<lang>/subsidies/exports/<int:pk>/download/": R(kwargs=pk("export")),
    "api/v1/opportunities/vacancies/": R(data=_vacancy_body),
    "api/v1/opportunities/vacancies/<int:pk>/": R(kwargs=pk("vacancy_a")),
    "api/v1/opportunities/vacancies/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["vacancy_a"].pk, "action": "close"}
    ),
    "api/v1/opportunities/applications/": R(data=lambda o: {"vacancy": o["vacancy_a"].pk, "note": "Hello"}),
    "api/v1/opportunities/applications/<int:pk>/": R(kwargs=pk("application_a")),
    "api/v1/opportunities/applications/<int:pk>/claim/": R(kwargs=pk("application_a")),
    "api/v1/opportunities/applications/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["application_a"].pk, "action": "shortlist"}
    ),
    "<lang>/opportunities/vacancies/<int:pk>/": R(kwargs=pk("vacancy_a")),
    "<lang>/opportunities/saved-searches/": R(data=lambda o: {"kind": "internship"}),
    "<lang>/opportunities/figures/download.<str:fmt>": R(kwargs=lambda o: {"fmt": "csv"}),
    "<lang>/opportunities/vacancies/<int:pk>/apply/": R(
        kwargs=pk("vacancy_a"), data=lambda o: {"education_level": "bachelor", "note": "Hello"}
    ),
    "<lang>/opportunities/vacancies/<int:pk>/applicants/": R(kwargs=pk("vacancy_a")),
    "<lang>/opportunities/employer/vacancies/new/": R(data=_vacancy_form),
    "<lang>/opportunities/employer/vacancies/<int:pk>/edit/": R(kwargs=_draft_vacancy, data=_vacancy_form),
    "<lang>/opportunities/employer/vacancies/<int:pk>/<slug:action>/": R(
        kwargs=lambda o: {"pk": o["vacancy_a"].pk, "action": "close"}
    ),
    "<lang>/opportunities/applications/<int:pk>/act/": R(
        kwargs=pk("application_a"), data=lambda o: {"action": "shortlist"}
    ),
    "<lang>/opportunities/applications/<int:pk>/claim/": R(kwargs=pk("application_a")),
    "<lang>/opportunities/applications/<int:pk>/cv/": R(kwargs=pk("application_a")),
    "<lang>/bookings/<slug:slug>/": R(kwargs=lambda o: (_booking(o), {"slug": "matrix-desks"})[1]),
    "<lang>/bookings/mine/<int:pk>/": R(kwargs=_booking),
    "<lang>/bookings/mine/<int:pk>/<str:action>/": R(kwargs=lambda o: {**_booking(o), "action": "cancel"}),
    "<lang>/bookings/mine/<int:pk>/booking.ics": R(kwargs=_booking),
    "api/v1/bookings/": R(data=_booking_body),
    "api/v1/bookings/resources/<int:pk>/availability/": R(kwargs=_matrix_resource),
    "api/v1/bookings/<int:pk>/": R(kwargs=_booking),
    "api/v1/bookings/<int:pk>/<str:action>/": R(kwargs=lambda o: {**_booking(o), "action": "cancel"}),
    "api/v1/events/programmes/<slug:slug>/stats/": R(kwargs=lambda o: {"slug": o["event_session"].programme.slug}),
    "api/v1/events/sessions/": R(data=_event_session_body),
    "api/v1/events/sessions/<int:session_id>/registrations/": R(kwargs=pk("event_session", "session_id")),
    "api/v1/events/sessions/<int:session_id>/allocate/": R(kwargs=pk("event_lottery", "session_id")),
    "api/v1/events/registrations/<int:registration_id>/": R(kwargs=pk("event_registration", "registration_id")),
    "api/v1/events/registrations/<int:registration_id>/calendar.ics": R(
        kwargs=pk("event_registration", "registration_id")
    ),
    "api/v1/events/registrations/<int:registration_id>/certificate.pdf": R(
        kwargs=pk("event_registration", "registration_id")
    ),
    "api/v1/events/registrations/<int:registration_id>/<slug:action>/": R(
        kwargs=lambda o: {"registration_id": o["event_registration"].pk, "action": "cancel"}
    ),
    "<lang>/events/<slug:slug>/": R(kwargs=lambda o: {"slug": o["event_session"].programme.slug}),
    "<lang>/events/sessions/<int:session_id>/": R(kwargs=pk("event_session", "session_id")),
    "<lang>/events/check-in/<int:session_id>/": R(kwargs=pk("event_session", "session_id")),
    "<lang>/events/registrations/<int:registration_id>/<slug:action>/": R(
        kwargs=lambda o: {"registration_id": o["event_registration"].pk, "action": "cancel"}
    ),
}


EXPECT: dict[str, R] = {
    "healthz": R(GET="*:2xx", POST="*:2xx"),
    "api/v1/auth/token/": R(GET="*:405", POST="*:400"),
    # token clients only: a session (every role here signs in with one) is not a token
    "api/v1/auth/logout/": R(GET="*:401", POST="*:401"),
    "api/v1/auth/logout-all/": R(GET="*:401", POST="*:401"),
    "api/v1/me/": R(GET="anon:403 *:2xx"),
    "api/v1/policies/": R(GET="*:2xx"),
    "api/v1/policies/eligibility/": R(GET="*:405", POST="*:400"),
    "api/v1/policies/<slug:slug>/": R(GET="*:2xx"),
    "api/v1/incubators/bases/": R(GET="*:2xx"),
    "api/v1/incubators/bases/<int:pk>/": R(GET="*:2xx"),
    "api/v1/incubators/bases/<int:pk>/reports/": R(GET="*:2xx", POST="operator:400 *:403"),
    # staff's decisions on report A's pending correction and open flag (incubators/workflow.py)
    "api/v1/incubators/reports/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:2xx *:403"
    ),
    "api/v1/incubators/flags/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:2xx *:403"
    ),
    "api/v1/incubators/stats/": R(GET="*:2xx"),
    "api/v1/events/programmes/": R(GET="*:2xx"),
    "api/v1/events/programmes/<slug:slug>/stats/": R(GET="*:2xx"),
    # sessions are added by staff (and the programme's organisers: not a role of this matrix)
    "api/v1/events/sessions/": R(GET="*:2xx", POST="reviewer,approver,admin:2xx *:403"),
    # youth A holds a place already (409); youth B registers; other roles are not youth
    "api/v1/events/sessions/<int:session_id>/registrations/": R(
        GET="anon:403 *:405", POST="youth:409 youth_b:2xx *:403"
    ),
    "api/v1/events/sessions/<int:session_id>/allocate/": R(
        GET="anon:403 *:405", POST="reviewer,approver,admin:2xx *:403"
    ),
    "api/v1/events/registrations/": R(GET="anon:403 *:2xx"),
    # youth A's registration: theirs and staff's; nobody else's to know of
    "api/v1/events/registrations/<int:registration_id>/": R(GET="anon:403 youth,reviewer,approver,admin:2xx *:404"),
    "api/v1/events/registrations/<int:registration_id>/calendar.ics": R(
        GET="anon:403 youth,reviewer,approver,admin:2xx *:404"
    ),
    # not checked in yet: no certificate
    "api/v1/events/registrations/<int:registration_id>/certificate.pdf": R(
        GET="anon:403 youth,reviewer,approver,admin:409 *:404"
    ),
    # `cancel` is the youth's own (events/services.py REGISTRATION_WORKFLOW); staff may not
    "api/v1/events/registrations/<int:registration_id>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 youth:2xx reviewer,approver,admin:403 *:404"
    ),
    "api/v1/events/check-in/": R(GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:400 *:403"),
    "api/v1/places/": R(GET="*:2xx"),
    "api/v1/places/hsds/": R(GET="*:2xx"),
    # the place's operators (base A's operator, through the base) and staff only
    "api/v1/places/<slug:slug>/": R(GET="*:2xx", PATCH="operator,reviewer,approver,admin:2xx *:403"),
    # opportunities: base A's operator posts for base A's employer; youth A applied to its internship
    "api/v1/opportunities/vacancies/": R(GET="*:2xx", POST="operator:2xx *:403"),
    "api/v1/opportunities/vacancies/<int:pk>/": R(GET="*:2xx"),
    # close: the employer's (base A's operator) or staff's; anyone else may see it but not close it
    "api/v1/opportunities/vacancies/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 operator,reviewer,approver,admin:2xx *:403"
    ),
    # youth A has applied already (409); youth B applies; other roles are not youth
    "api/v1/opportunities/applications/": R(GET="anon:403 *:2xx", POST="youth:409 youth_b:2xx *:403"),
    "api/v1/opportunities/applications/<int:pk>/": R(GET="anon:403 youth,operator,reviewer,approver,admin:2xx *:404"),
    # the claim is the applicant's, once placed (409 before); the employer and staff may see the
    # application but not claim for the youth; others do not find it
    "api/v1/opportunities/applications/<int:pk>/claim/": R(
        GET="anon:403 *:405", POST="anon:403 youth:409 operator,reviewer,approver,admin:403 *:404"
    ),
    "api/v1/opportunities/applications/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 operator:2xx youth,reviewer,approver,admin:403 *:404"
    ),
    "api/v1/mentorship/mentors/": R(GET="*:2xx", POST="youth_b,reviewer,approver,admin:2xx *:403"),
    "api/v1/mentorship/mentors/<int:pk>/": R(GET="*:2xx"),
    "api/v1/mentorship/mentors/<int:pk>/entitlement/": R(GET="mentor,reviewer,approver,admin:2xx *:403"),
    # the decisions of workflow.MENTOR_APPLICATION: staff; a pending application is hidden from others
    "api/v1/mentorship/mentors/<int:pk>/approve/": R(
        GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:2xx *:404"
    ),
    "api/v1/mentorship/mentors/<int:pk>/reject/": R(
        GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:2xx *:404"
    ),
    "api/v1/mentorship/mentees/": R(GET="anon:403 *:2xx", POST="youth_b,reviewer,approver,admin:2xx *:403"),
    "api/v1/mentorship/relationships/": R(GET="anon:403 *:2xx", POST="mentor_b,reviewer,approver,admin:2xx *:403"),
    "api/v1/mentorship/relationships/<int:pk>/": R(GET="anon:403 youth_b,mentor_b,operator,operator_b:404 *:2xx"),
    "api/v1/mentorship/relationships/<int:pk>/end/": R(
        GET="anon:403 *:405", POST="anon,youth,mentor:403 reviewer,approver,admin:400 *:404"
    ),
    "api/v1/mentorship/relationships/<int:pk>/entitlement/": R(
        GET="anon,youth:403 mentor,reviewer,approver,admin:2xx *:404"
    ),
    # someone else's mentee: refused with a 400 and a message from service_log (not a 403)
    "api/v1/mentorship/services/": R(GET="anon:403 *:2xx", POST="anon:403 mentor,reviewer,approver,admin:2xx *:400"),
    "api/v1/mentorship/services/<int:pk>/": R(
        GET="anon:403 mentor,reviewer,approver,admin:2xx *:404",
        PATCH="anon:403 mentor,reviewer,approver,admin:400 *:404",
    ),
    "api/v1/mentorship/activities/": R(GET="anon:403 *:2xx"),
    "api/v1/mentorship/activities/<int:pk>/attendance/": R(
        GET="anon:403 *:405", POST="mentor,reviewer,approver,admin:400 *:403"
    ),
    "api/v1/subsidies/schemes/": R(GET="*:2xx"),
    "api/v1/subsidies/claims/": R(GET="anon:403 *:2xx", POST="youth,youth_b:2xx *:403"),
    # PATCH: only the applicant, and not once submitted (409); staff see the claim, may not edit it
    "api/v1/subsidies/claims/<int:pk>/": R(
        GET="anon:403 youth,reviewer,approver,admin:2xx *:404",
        PATCH="anon,reviewer,approver,admin:403 youth:409 *:404",
    ),
    "api/v1/subsidies/claims/<int:pk>/documents/": R(GET="anon:403 *:405", POST="anon:403 youth:400 *:404"),
    "api/v1/subsidies/claims/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon,youth,approver:403 reviewer,admin:2xx *:404"
    ),
    "api/v1/subsidies/payment-batches/": R(GET="anon:403 *:2xx", POST="approver,admin:409 *:403"),
    "api/v1/subsidies/payment-batches/<int:pk>/mark-paid/": R(
        GET="anon:403 *:405", POST="anon,reviewer:403 approver,admin:2xx *:404"
    ),
    "<lang>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/dashboard/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/help/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/help/faq/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/help/accessibility/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/status/": R(GET="*:2xx", POST="*:2xx"),
    # the audit log: approvers and administrators only (reviewers' own actions are in it)
    "<lang>/audit/": R(GET="anon:login approver,admin:2xx *:403", POST="anon:login *:405"),
    "<lang>/accounts/login/": R(GET="anon:2xx *:3xx", POST="anon:2xx *:3xx"),
    "<lang>/accounts/logout/": R(GET="*:405", POST="*:3xx"),
    "<lang>/accounts/sign-out-everywhere/": R(GET="anon:login *:405", POST="*:login"),
    "<lang>/accounts/signup/": R(GET="anon:2xx *:3xx", POST="anon:400 *:3xx"),
    # a link that is not one of ours: the "no longer works" page
    "<lang>/accounts/signup/confirm/<str:token>/": R(GET="anon:400 *:3xx", POST="anon:400 *:3xx"),
    "<lang>/accounts/profile/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/accounts/notifications/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/accounts/notifications/read/": R(GET="anon:login *:405", POST="anon:login *:3xx"),
    "<lang>/accounts/password/change/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/accounts/password/change/done/": R(GET="anon:login *:2xx", POST="anon:login *:405"),
    "<lang>/accounts/password/reset/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/accounts/password/reset/done/": R(GET="*:2xx", POST="*:405"),
    "<lang>/accounts/password/reset/<uidb64>/<token>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/accounts/password/reset/complete/": R(GET="*:2xx", POST="*:405"),
    "<lang>/policies/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/policies/check/": R(GET="*:2xx", POST="*:400"),
    "<lang>/policies/<slug:slug>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/bases/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/events/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/events/mine/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/events/<slug:slug>/": R(GET="*:2xx", POST="*:2xx"),
    # an empty registration form is refused (400) for whoever is signed in
    "<lang>/events/sessions/<int:session_id>/": R(GET="*:2xx", POST="anon:login *:400"),
    # the door: staff and the programme's organisers; an empty code is refused
    "<lang>/events/check-in/<int:session_id>/": R(
        GET="anon:login reviewer,approver,admin:2xx *:404", POST="anon:login reviewer,approver,admin:400 *:404"
    ),
    "<lang>/events/registrations/<int:registration_id>/<slug:action>/": R(
        GET="anon:login *:405", POST="anon:login youth,reviewer,approver,admin:3xx *:404"
    ),
    "<lang>/places/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/places/staff/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/places/staff/reports/<int:pk>/close/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/places/<slug:slug>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/places/<slug:slug>/edit/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:403",
        POST="anon:login operator,reviewer,approver,admin:3xx *:403",
    ),
    "<lang>/places/<slug:slug>/confirm/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/places/<slug:slug>/closures/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:400 *:403"
    ),
    "<lang>/places/<slug:slug>/report/": R(GET="*:405", POST="anon:login *:400"),
    "<lang>/opportunities/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/opportunities/my-applications/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    # counts only: public, as the bases' statistics
    "<lang>/opportunities/figures/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/opportunities/figures/download.<str:fmt>": R(GET="*:2xx", POST="*:2xx"),
    # saved or refused (not youth), the list again with its message
    "<lang>/opportunities/saved-searches/": R(GET="anon:login *:405", POST="anon:login *:3xx"),
    "<lang>/opportunities/vacancies/<int:pk>/": R(GET="*:2xx", POST="*:2xx"),
    # youth A applied already (409), youth B applies (back to their applications); no one else is youth
    "<lang>/opportunities/vacancies/<int:pk>/apply/": R(
        GET="anon:login *:3xx", POST="anon:login youth:409 youth_b:3xx *:403"
    ),
    "<lang>/opportunities/vacancies/<int:pk>/applicants/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:404",
        POST="anon:login operator,reviewer,approver,admin:2xx *:404",
    ),
    # the employer's pages: base A's operator posts for base A's employer; staff see the list
    # (what waits for their review) and use its buttons, but post for no employer
    "<lang>/opportunities/employer/vacancies/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:403",
        POST="anon:login operator,reviewer,approver,admin:2xx *:403",
    ),
    "<lang>/opportunities/employer/vacancies/new/": R(
        GET="anon:login operator:2xx *:403", POST="anon:login operator:3xx *:403"
    ),
    # a draft of base A's employer: its users change it; staff see it but may not; others find nothing
    "<lang>/opportunities/employer/vacancies/<int:pk>/edit/": R(
        GET="anon:login operator:2xx reviewer,approver,admin:403 *:404",
        POST="anon:login operator:3xx reviewer,approver,admin:403 *:404",
    ),
    # close base A's published internship: its employer's or staff's button; others find nothing
    "<lang>/opportunities/employer/vacancies/<int:pk>/<slug:action>/": R(
        GET="anon:login *:405", POST="anon:login operator,reviewer,approver,admin:3xx *:404"
    ),
    # an action (allowed or refused, with its message) goes back to the page; strangers find nothing
    "<lang>/opportunities/applications/<int:pk>/act/": R(
        GET="anon:login *:405", POST="anon:login youth,operator,reviewer,approver,admin:3xx *:404"
    ),
    "<lang>/opportunities/applications/<int:pk>/claim/": R(
        GET="anon:login *:405", POST="anon:login youth,operator,reviewer,approver,admin:3xx *:404"
    ),
    "<lang>/opportunities/applications/<int:pk>/cv/": R(
        GET="anon:login youth,operator,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth,operator,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/bases/statistics/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/bases/statistics/download.<str:fmt>": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/bases/review/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/bases/review/flags/<int:flag_id>/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/bases/review/corrections/<int:report_id>/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    # a report's page: its base's operators and HR bureau staff
    "<lang>/bases/reports/<int:report_id>/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:403", POST="anon:login *:405"
    ),
    "<lang>/bases/<int:pk>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/bases/<int:pk>/edit/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:403",
        POST="anon:login operator,reviewer,approver,admin:2xx *:403",
    ),
    "<lang>/bases/<int:pk>/history/": R(
        GET="anon:login operator,reviewer,approver,admin:2xx *:403",
        POST="anon:login operator,reviewer,approver,admin:2xx *:403",
    ),
    "<lang>/bases/<int:pk>/reports/<period:period>/": R(
        GET="anon:login operator:2xx *:403", POST="anon:login operator:2xx *:403"
    ),
    "<lang>/mentors/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/mentors/<int:pk>/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/mentors/apply/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/mentors/ask/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/mentors/profile/": R(
        GET="anon:login mentor,mentor_b:2xx *:3xx", POST="anon:login mentor,mentor_b:2xx *:3xx"
    ),
    "<lang>/mentors/my-mentor/": R(GET="anon:login youth,youth_b:2xx *:3xx", POST="anon:login youth,youth_b:2xx *:3xx"),
    "<lang>/mentors/my-mentees/": R(
        GET="anon:login mentor,mentor_b:2xx *:3xx", POST="anon:login mentor,mentor_b:2xx *:3xx"
    ),
    # its mentee (youth A) reads the relationship's timeline, and writes nothing there
    "<lang>/mentors/relationships/<int:pk>/": R(
        GET="anon:login youth,mentor,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth:403 mentor,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/mentors/services/<int:pk>/insurance/": R(
        GET="anon:login *:405", POST="anon:login mentor,reviewer,approver,admin:3xx *:404"
    ),
    "<lang>/mentors/services/<int:pk>/evidence/": R(
        GET="anon:login mentor,reviewer,approver,admin:2xx *:404",
        POST="anon:login mentor,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/mentors/staff/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/mentors/staff/mentors/<int:pk>/review/": R(
        GET="anon:login reviewer,approver,admin:405 *:403", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/mentors/staff/match/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/mentors/staff/relationships/<int:pk>/end/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/mentors/staff/activities/new/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/mentors/staff/activities/<int:pk>/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/subsidies/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/subsidies/apply/<slug:code>/": R(
        GET="anon:login youth,youth_b:2xx *:403", POST="anon:login youth,youth_b:400 *:403"
    ),
    "<lang>/subsidies/claims/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/subsidies/claims/<int:pk>/": R(
        GET="anon:login youth,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/subsidies/claims/<int:pk>/edit/": R(GET="anon:login youth:2xx *:404", POST="anon:login youth:2xx *:404"),
    "<lang>/subsidies/claims/<int:pk>/documents/": R(GET="anon:login *:405", POST="anon:login youth:400 *:404"),
    "<lang>/subsidies/claims/<int:pk>/identity/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "api/v1/places/change-reports/<int:pk>/<slug:action>/": R(
        GET="anon:403 *:405", POST="anon:403 reviewer,approver,admin:2xx *:403"
    ),
    # the applicant's own confirmation (a demo claim without a reference: back to the claim)
    "<lang>/subsidies/claims/<int:pk>/submitted/": R(
        GET="anon:login youth:3xx *:404", POST="anon:login youth:3xx *:404"
    ),
    "<lang>/subsidies/claims/<int:pk>/<slug:action>/": R(
        GET="anon:login *:405", POST="anon:login youth,approver:403 reviewer,admin:3xx *:404"
    ),
    # the applicant alone; on a claim staff have seen, the page says why not (a redirect either way)
    "<lang>/subsidies/documents/<int:pk>/remove/": R(GET="anon:login *:405", POST="anon:login youth:3xx *:404"),
    "<lang>/subsidies/documents/<int:pk>/": R(
        GET="anon:login youth,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/subsidies/review/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/subsidies/review/bulk/": R(GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"),
    "<lang>/subsidies/batches/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login approver,admin:3xx *:403"
    ),
    "<lang>/subsidies/batches/<int:pk>/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/subsidies/batches/<int:pk>/mark-paid/": R(
        GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"
    ),
    "<lang>/subsidies/batches/<int:pk>/export.<str:fmt>": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/subsidies/exports/": R(GET="anon:login *:405", POST="anon:login reviewer,approver,admin:3xx *:403"),
    "<lang>/subsidies/exports/<int:pk>/": R(GET="anon:login reviewer:2xx *:404", POST="anon:login reviewer:2xx *:404"),
    "<lang>/subsidies/exports/<int:pk>/download/": R(
        GET="anon:login reviewer:2xx *:404", POST="anon:login reviewer:2xx *:404"
    ),
    "<lang>/subsidies/statistics/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    # bookings: resources and their week are public; a booking is its booker's and staff's
    "<lang>/bookings/": R(GET="*:2xx", POST="*:2xx"),
    "<lang>/bookings/mine/": R(GET="anon:login *:2xx", POST="anon:login *:2xx"),
    "<lang>/bookings/requests/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/bookings/hotel/": R(GET="anon:login *:403", POST="anon:login *:403"),
    "<lang>/bookings/usage/": R(
        GET="anon:login reviewer,approver,admin:2xx *:403", POST="anon:login reviewer,approver,admin:2xx *:403"
    ),
    "<lang>/bookings/<slug:slug>/": R(GET="*:2xx", POST="anon:login *:400"),
    "<lang>/bookings/mine/<int:pk>/": R(
        GET="anon:login youth,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth,reviewer,approver,admin:2xx *:404",
    ),
    "<lang>/bookings/mine/<int:pk>/<str:action>/": R(
        GET="anon:login *:405", POST="anon:login youth,reviewer,approver,admin:3xx *:404"
    ),
    "<lang>/bookings/mine/<int:pk>/booking.ics": R(
        GET="anon:login youth,reviewer,approver,admin:2xx *:404",
        POST="anon:login youth,reviewer,approver,admin:2xx *:404",
    ),
    "api/v1/bookings/": R(GET="anon:403 *:2xx", POST="anon:403 *:2xx"),
    "api/v1/bookings/resources/": R(GET="*:2xx"),
    "api/v1/bookings/resources/<int:pk>/availability/": R(GET="*:400"),
    "api/v1/bookings/allowances/": R(GET="anon:403 *:2xx"),
    "api/v1/bookings/<int:pk>/": R(GET="anon:403 youth,reviewer,approver,admin:2xx *:404"),
    "api/v1/bookings/<int:pk>/<str:action>/": R(
        GET="anon:403 *:405", POST="anon:403 youth,reviewer,approver,admin:2xx *:404"
    ),
}
