"""Each app's module of a given name (`demo`, `dashboard`, `schedule`): what the portal gathers
from every app of PORTAL_APPS, in that order. An app without one is skipped; an app with one that
fails to import fails loudly. (A plain import of a known app's module, not a lookup of an app
that may be missing: every app of PORTAL_APPS is installed.)"""

from __future__ import annotations

from types import ModuleType


def app_module(app: str, name: str) -> ModuleType | None:
    package = __import__(app, fromlist=[name])  # imports `app.name` when it exists
    module = getattr(package, name, None)
    return module if isinstance(module, ModuleType) else None


def app_modules(apps: list[str], name: str) -> list[ModuleType]:
    found = (app_module(app, name) for app in apps)
    return [module for module in found if module is not None]
