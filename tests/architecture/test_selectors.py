"""Selectors only read: the guard every test runs under (tests/architecture/guards.py) fails a
write made inside one. These tests show the guard itself can fail, and that it leaves a service's
writes alone."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys

import pytest
from django.contrib.auth.models import Group

from tests.architecture.guards import ROOT, SelectorWrote


@pytest.fixture
def writing_selectors_module(tmp_path):
    """A module shaped like an app's selectors.py, inside the repository, that writes."""
    folder = ROOT / "tests" / "architecture" / "_probe_app"
    folder.mkdir(exist_ok=True)
    (folder / "selectors.py").write_text(
        "from django.contrib.auth.models import Group\n\n\ndef groups_with_default():\n"
        "    Group.objects.get_or_create(name='inserted-by-a-read')\n    return list(Group.objects.all())\n"
    )
    spec = importlib.util.spec_from_file_location("_probe_app_selectors", folder / "selectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # the guard ignores tests/: present the probe as app code
    module.groups_with_default.__code__ = module.groups_with_default.__code__.replace(
        co_filename=str(ROOT / "probe_app" / "selectors.py")
    )
    yield module
    shutil.rmtree(folder)
    sys.modules.pop("_probe_app_selectors", None)


@pytest.mark.django_db
def test_a_selector_that_writes_fails_the_test(writing_selectors_module):
    with pytest.raises(SelectorWrote, match="probe_app/selectors.py:groups_with_default"):
        writing_selectors_module.groups_with_default()
    assert not Group.objects.filter(name="inserted-by-a-read").exists()


@pytest.mark.django_db
def test_a_write_outside_selectors_passes():
    Group.objects.create(name="written-by-a-service")
    assert Group.objects.filter(name="written-by-a-service").exists()
