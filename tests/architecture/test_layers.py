"""The shape every app keeps (issue 13), read from the code itself:

- views write nothing themselves: no model manager or model instance is written from a view
  module (pages and API views); writes go through the app's services, where the transaction, the
  workflow table and the audit are;
- no module of the portal is over 600 lines;
- every error an app defines is one of the portal's (portal/errors.py), so that the API and the
  pages show it the same way;
- every workflow table drives its API (each action has a route) and its pages (the views or forms
  read it), and its services enforce it (`check`). That pages and API agree with the table, action by
  action and role by role, each app's test_workflow shows.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from portal.errors import DomainError
from portal.workflow import Workflow
from tests.architecture.guards import ROOT

APPS = [app for app in settings.PORTAL_APPS]
WRITE_METHODS = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete"}
SAVE_METHODS = {"save", "delete"}
NOT_MODELS = {"workbook", "book", "sheet", "image", "out", "buffer"}  # files and workbooks also save
MAX_LINES = 600


def app_files() -> list[Path]:
    found: list[Path] = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "__pycache__" in path.parts:
                continue
            found.append(path)
    return sorted(found)


def view_modules() -> list[Path]:
    return [
        path
        for path in app_files()
        if path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views"
    ]


def _chain(node: ast.AST) -> list[str]:
    """The attribute names and call names a receiver expression is made of (a.objects.filter(...))."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return names


def writes_in(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, _chain(node.func.value)
        through_manager = "objects" in receiver or "_default_manager" in receiver
        if (method in WRITE_METHODS and through_manager) or (
            method in SAVE_METHODS and receiver and receiver[-1] not in NOT_MODELS and not through_manager
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} .{method}() on {'.'.join(reversed(receiver))}")
    return found


def test_views_write_only_through_services():
    assert view_modules(), "no view module found"
    found = [write for path in view_modules() for write in writes_in(path)]
    assert not found, "views that write themselves (call a service instead):\n" + "\n".join(found)


def test_the_view_check_sees_a_write(tmp_path):
    probe = tmp_path / "views.py"
    probe.write_text(
        "def page(request, pk):\n"
        "    Claim.objects.filter(pk=pk).update(state='paid')\n"
        "    form.save()\n"
        "    workbook.save(out)\n"
    )
    found = [line.split(" ", 1)[1] for line in writes_in(probe, root=tmp_path)]
    assert found == [".update() on Claim.objects.filter", ".save() on form"]


def test_no_module_is_over_600_lines():
    long = []
    for path in app_files():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, "modules over 600 lines (split them by what they are about):\n" + "\n".join(long)


def app_modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.startswith(("portal.settings", "portal.wsgi")):
                continue
            yield importlib.import_module(info.name)


def test_every_error_an_app_defines_is_one_of_the_portals():
    strays = []
    for module in app_modules():
        if module.__name__.split(".")[0] == "portal":
            continue  # the portal's own infrastructure (a session store's outage) is not a refusal
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Exception) and not issubclass(cls, DomainError):
                strays.append(f"{module.__name__}.{cls.__name__}")
    assert not strays, "errors that are not the portal's DomainError:\n" + "\n".join(strays)


def workflows() -> dict[str, Workflow]:
    found: dict[str, Workflow] = {}
    for module in app_modules():
        for name, value in vars(module).items():
            if isinstance(value, Workflow) and value.name not in found:
                found[value.name] = value
                value._defined_in = f"{module.__name__}.{name}"  # type: ignore[attr-defined]
    return found


# Each workflow's API route for an action, with "{action}" in it (an object id of 1: resolving a
# path needs no row). A new workflow fails the test below until its route is written here.
API_ROUTES = {
    "claim": "/api/v1/subsidies/claims/1/{action}/",
    "mentor_application": "/api/v1/mentorship/mentors/1/{action}/",
    "mentor_relationship": "/api/v1/mentorship/relationships/1/{action}/",
    "report correction": "/api/v1/incubators/reports/1/{action}/",
    "anomaly flag": "/api/v1/incubators/flags/1/{action}/",
    "place_change_report": "/api/v1/places/change-reports/1/{action}/",
    "vacancy": "/api/v1/opportunities/vacancies/1/{action}/",
    "application": "/api/v1/opportunities/applications/1/{action}/",
    "booking": "/api/v1/bookings/1/{action}/",
    "event_registration": "/api/v1/events/registrations/1/{action}/",
}


@pytest.mark.parametrize("name", sorted(workflows()))
def test_every_action_of_a_workflow_has_its_api_route(name):
    table = workflows()[name]
    assert name in API_ROUTES, f"{table._defined_in}: write its API route in API_ROUTES"  # type: ignore[attr-defined]
    for action in table.actions:
        path = API_ROUTES[name].format(action=action)
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"{name}: no API route for {action!r} ({path})")


@pytest.mark.parametrize("name", sorted(workflows()))
def test_every_workflow_is_enforced_by_its_services(name):
    table = workflows()[name]
    app = table._defined_in.split(".")[0]  # type: ignore[attr-defined]
    variable = table._defined_in.rsplit(".", 1)[1]  # type: ignore[attr-defined]
    sources = [p.read_text(encoding="utf-8") for p in app_files() if p.relative_to(ROOT).parts[0] == app]
    assert any(f"{variable}.check(" in source for source in sources), f"{name}: no service calls {variable}.check"
    pages = [
        p.read_text(encoding="utf-8")
        for p in app_files()
        if p.relative_to(ROOT).parts[0] == app and p.name in ("views.py", "forms.py")
    ]
    assert any(variable in source for source in pages), f"{name}: no page reads its buttons from {variable}"
