"""Print the observed matrix in matrix.py's notation, to review a change and update a row:

    DATABASE_URL=postgres://.../empty_migrated_db DJANGO_SETTINGS_MODULE=portal.settings.test \
        .venv/bin/python -m tests.security.discover

It builds the same world as the tests inside a transaction and rolls it back at the end."""

from __future__ import annotations

import django

django.setup()

import pytest  # noqa: E402,F401


def main():
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.security import harness, matrix
    from tests.security.conftest import ROLES, _build_world

    setup_test_environment()
    outer = transaction.atomic()
    outer._from_testcase = True
    with outer:
        w = _build_world()
        clients = {}
        for role in ROLES:
            c = Client()
            if role != "anon":
                c.force_login(w.users[role])
            clients[role] = c
        for route, pattern in harness.covered_routes().items():
            row = matrix.ROWS.get(route)
            kwargs = row.kwargs(w.objects) if row and row.kwargs else {}
            url = harness.build_url(route, kwargs)
            methods = ["GET"] + (harness.api_methods(pattern) if harness.is_api(route) else ["POST"])
            specs = {}
            for m in methods:
                data = row.data(w.objects) if row and row.data else None
                obs = {r: harness.send(clients[r], m, url, data, row.form if row else False) for r in ROLES}
                specs[m] = harness.compress(obs)
            print(f'    "{route}": R({", ".join(f"{m}={s!r}" for m, s in specs.items())}),  # {url}')
        transaction.set_rollback(True)


main()
