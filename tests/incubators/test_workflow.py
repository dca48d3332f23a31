"""The report's two workflows (incubators/workflow.py), walked triple by triple: for every state,
action and role, the service, the page and the API (where the API has the action) do what the
table says: the transition to its target, or the same refusal (NotAllowed 403, WrongState 409).

The correction's "file" and "withdraw" are taken by saving the report (the report form, the
API's POST of a report); "accept" and "reject" by staff's decision. A flag is confirmed or
queried by staff."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import APPROVER, BASE_OPERATOR, REVIEWER, YOUTH
from incubators import selectors, services
from incubators.models import AnomalyFlag, CorrectionStatus, FlagStatus, ProjectCountReport
from incubators.workflow import BY_SAVING, CORRECTION, FLAG, OPERATOR, SUPERUSER, decisions
from portal.errors import DomainError, NotAllowed, WrongState
from portal.workflow import Workflow

from .factories import JUNE, BaseFactory, figures, save

pytestmark = pytest.mark.django_db

MAY = date(2023, 5, 1)

# Who walks the tables, and the roles the tables should see them hold on the base.
PERSONAS = {
    "operator": frozenset({BASE_OPERATOR, OPERATOR}),  # operates the report's base
    "other_operator": frozenset({BASE_OPERATOR}),  # operates another base
    "youth": frozenset({YOUTH}),
    "reviewer": frozenset({REVIEWER}),
    "approver": frozenset({APPROVER}),
    "superuser": frozenset({SUPERUSER}),
}
REFUSAL_STATUS = {NotAllowed: 403, WrongState: 409}


def outcome_of(workflow: Workflow, action: str, state: str, roles: frozenset[str]) -> str | type[DomainError]:
    """What the table says: the target state, or the class of the refusal."""
    try:
        return workflow.check(action, state, roles, note="a note").target
    except DomainError as refusal:
        return type(refusal)


class World:
    """One base with a May report and a June report in the state asked for, and one person of
    each persona."""

    def __init__(self, make_user):
        self.operator = make_user(BASE_OPERATOR, preferred_language="en")
        self.base = BaseFactory(operators=[self.operator])
        other = make_user(BASE_OPERATOR, preferred_language="en")
        BaseFactory(operators=[other])
        self.people = {
            "operator": self.operator,
            "other_operator": other,
            "youth": make_user(YOUTH),
            "reviewer": make_user(REVIEWER),
            "approver": make_user(APPROVER),
            "superuser": make_user(None, is_superuser=True, is_staff=True),
        }
        self.staff = self.people["reviewer"]
        save(self.base, self.operator, period=MAY)

    def report_in(self, state: str) -> ProjectCountReport:
        if state == CorrectionStatus.NONE:
            return save(self.base, self.operator)
        report = save(self.base, self.operator, incubated_total=19, reason="A project was counted twice")
        if state in (CorrectionStatus.ACCEPTED, CorrectionStatus.REJECTED):
            report = services.report_correction_review(
                report_id=report.pk, accept=state == CorrectionStatus.ACCEPTED, note="Seen", acting_user=self.staff
            )
        assert report.correction_status == state
        return report

    def flag_in(self, state: str) -> AnomalyFlag:
        report = save(self.base, self.operator, members=200)  # a jump from May's 100
        flag = report.flags.get(kind="jump", field="members")
        if state != FlagStatus.OPEN:
            services.flag_resolve(flag_id=flag.pk, status=state, note="Checked", acting_user=self.staff)
        flag.refresh_from_db()
        assert flag.status == state
        return flag


def saving_figures(action: str) -> dict:
    """The figures whose saving takes `action`: June's count falls below May's (with a new
    reason), or no longer does."""
    if action == "file":
        return {"incubated_total": 18, "reason": "Another project was counted twice"}
    return {"incubated_total": 20, "reason": ""}


# --- the correction ------------------------------------------------------------------------------


def _correction_by_service(world, report, action, person):
    if action in BY_SAVING:
        values = saving_figures(action)
        reason = values.pop("reason")
        return save(world.base, person, version=report.version, reason=reason, **values).correction_status
    return services.report_correction_review(
        report_id=report.pk, accept=action == "accept", note="a note", acting_user=person
    ).correction_status


def _correction_by_page(client, world, report, action) -> int:
    if action in BY_SAVING:
        values = saving_figures(action)
        body = {k: str(v) for k, v in figures(**values).items() if k != "reason"}
        body.update(version=str(report.version), correction_reason=values["reason"])
        url = reverse("incubators:report_edit", args=[world.base.pk, "2023-06"])
        return client.post(url, body).status_code
    url = reverse("incubators:correction_review", args=[report.pk])
    prefix = f"correction-{report.pk}"
    return client.post(url, {f"{prefix}-decision": action, f"{prefix}-note": "a note"}).status_code


def _correction_by_api(api, world, report, action) -> int:
    if action in BY_SAVING:
        values = saving_figures(action)
        reason = values.pop("reason")
        body = {**figures(**values), "financing_rmb": "1000000.00", "period": "2023-06"}
        body.update(version=report.version, correction_reason=reason)
        return api.post(f"/api/v1/incubators/bases/{world.base.pk}/reports/", body, format="json").status_code
    return api.post(f"/api/v1/incubators/reports/{report.pk}/{action}/", {"note": "a note"}, format="json").status_code


CORRECTION_TRIPLES = [
    (state, action, persona)
    for state in CorrectionStatus.values
    for action in CORRECTION.actions
    for persona in PERSONAS
]


@pytest.mark.parametrize(("state", "action", "persona"), CORRECTION_TRIPLES)
def test_correction_triple(make_user, client, state, action, persona):
    world = World(make_user)
    person = world.people[persona]
    assert selectors.roles_on_base(person, world.base) == PERSONAS[persona]
    want = outcome_of(CORRECTION, action, state, PERSONAS[persona])
    # Saving figures that do not fall, from a report without a correction, takes no step at all
    # (there is nothing to withdraw): the report is saved and stays without a correction.
    nothing_to_withdraw = action == "withdraw" and state == CorrectionStatus.NONE and want is WrongState

    report = world.report_in(state)
    if isinstance(want, str) or nothing_to_withdraw:
        assert _correction_by_service(world, report, action, person) == (state if nothing_to_withdraw else want)
    else:
        with pytest.raises(want):
            _correction_by_service(world, report, action, person)
        assert ProjectCountReport.objects.get(pk=report.pk).correction_status == state

    ProjectCountReport.objects.filter(base=world.base, period=JUNE).delete()
    report = world.report_in(state)
    client.force_login(person)
    status = _correction_by_page(client, world, report, action)
    after = ProjectCountReport.objects.get(pk=report.pk).correction_status
    if isinstance(want, str) or nothing_to_withdraw:
        assert (status, after) == (302, state if nothing_to_withdraw else want)
    else:
        assert (status, after) == (REFUSAL_STATUS[want], state)

    ProjectCountReport.objects.filter(base=world.base, period=JUNE).delete()
    report = world.report_in(state)
    api = APIClient()
    api.force_authenticate(person)
    status = _correction_by_api(api, world, report, action)
    after = ProjectCountReport.objects.get(pk=report.pk).correction_status
    if isinstance(want, str) or nothing_to_withdraw:
        assert (status, after) == (200, state if nothing_to_withdraw else want)
    else:
        assert (status, after) == (REFUSAL_STATUS[want], state)


def test_filing_a_correction_needs_a_reason(make_user):
    """The table's required note is the correction reason, refused on that field."""
    world = World(make_user)
    with pytest.raises(DomainError) as caught:
        save(world.base, world.operator, incubated_total=19)
    assert caught.value.status == 400 and "correction_reason" in caught.value.errors


# --- the flags ---------------------------------------------------------------------------------------

FLAG_TRIPLES = [
    (state, action, persona) for state in FlagStatus.values for action in FLAG.actions for persona in PERSONAS
]


@pytest.mark.parametrize(("state", "action", "persona"), FLAG_TRIPLES)
def test_flag_triple(make_user, client, state, action, persona):
    world = World(make_user)
    person = world.people[persona]
    want = outcome_of(FLAG, action, state, PERSONAS[persona])
    target = FLAG.rows(action)[0].target

    def fresh() -> AnomalyFlag:
        ProjectCountReport.objects.filter(base=world.base, period=JUNE).delete()
        return world.flag_in(state)

    flag = fresh()
    if isinstance(want, str):
        assert services.flag_resolve(flag_id=flag.pk, status=target, note="a note", acting_user=person).status == want
    else:
        with pytest.raises(want):
            services.flag_resolve(flag_id=flag.pk, status=target, note="a note", acting_user=person)
        assert AnomalyFlag.objects.get(pk=flag.pk).status == state

    flag = fresh()
    client.force_login(person)
    prefix = f"flag-{flag.pk}"
    response = client.post(
        reverse("incubators:flag_resolve", args=[flag.pk]), {f"{prefix}-status": target, f"{prefix}-note": "a note"}
    )
    after = AnomalyFlag.objects.get(pk=flag.pk).status
    assert (response.status_code, after) == ((302, want) if isinstance(want, str) else (REFUSAL_STATUS[want], state))

    flag = fresh()
    api = APIClient()
    api.force_authenticate(person)
    response = api.post(f"/api/v1/incubators/flags/{flag.pk}/{action}/", {"note": "a note"}, format="json")
    after = AnomalyFlag.objects.get(pk=flag.pk).status
    assert (response.status_code, after) == ((200, want) if isinstance(want, str) else (REFUSAL_STATUS[want], state))


def test_querying_a_figure_needs_a_note(make_user, client):
    world = World(make_user)
    flag = world.flag_in(FlagStatus.OPEN)
    api = APIClient()
    api.force_authenticate(world.staff)
    response = api.post(f"/api/v1/incubators/flags/{flag.pk}/query/", {"note": " "}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    client.force_login(world.staff)
    prefix = f"flag-{flag.pk}"
    response = client.post(reverse("incubators:flag_resolve", args=[flag.pk]), {f"{prefix}-status": "queried"})
    assert response.status_code == 400
    refused = dict(response.context["flags"])[AnomalyFlag.objects.get(pk=flag.pk)]
    assert refused.errors["note"]  # on the note field of the report's page
    assert AnomalyFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


# --- what the pages offer and the API routes ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["operator", "reviewer", "approver", "superuser"])
@pytest.mark.parametrize("state", CorrectionStatus.values)
def test_the_report_page_offers_what_the_table_allows(make_user, client, state, persona):
    world = World(make_user)
    report = world.report_in(state)
    client.force_login(world.people[persona])
    response = client.get(reverse("incubators:report", args=[report.pk]))
    assert response.status_code == 200
    allowed = [t.action for t in CORRECTION.available(state, PERSONAS[persona]) if t.action in decisions(CORRECTION)]
    form = response.context["correction_form"]
    assert ([value for value, _label in form.fields["decision"].choices] if form else []) == allowed


@pytest.mark.parametrize("persona", ["operator", "reviewer"])
def test_the_flag_forms_offer_what_the_table_allows(make_user, client, persona):
    world = World(make_user)
    flag = world.flag_in(FlagStatus.OPEN)
    client.force_login(world.people[persona])
    response = client.get(reverse("incubators:report", args=[flag.report_id]))
    offered = {f.pk: form for f, form in response.context["flags"]}
    allowed = [t.target for t in FLAG.available(FlagStatus.OPEN, PERSONAS[persona])]
    form = offered[flag.pk]
    assert ([value for value, _label in form.fields["status"].choices] if form else []) == allowed


def test_the_api_routes_the_decisions_of_the_tables_only(make_user):
    world = World(make_user)
    report = world.report_in(CorrectionStatus.PENDING)
    flag = World(make_user).flag_in(FlagStatus.OPEN)  # another base's June report
    api = APIClient()
    api.force_authenticate(world.staff)
    assert decisions(CORRECTION) == ["accept", "reject"] and decisions(FLAG) == ["confirm", "query"]
    for action in (*BY_SAVING, "approve", "delete"):
        assert api.post(f"/api/v1/incubators/reports/{report.pk}/{action}/", {}, format="json").status_code == 404
    assert api.post(f"/api/v1/incubators/flags/{flag.pk}/open/", {}, format="json").status_code == 404
    assert api.post("/api/v1/incubators/reports/999999/accept/", {}, format="json").status_code == 404
