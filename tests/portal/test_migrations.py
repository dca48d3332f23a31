"""The migrations match the models, whatever machine generated them or runs them."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.parametrize("elsewhere", [False, True])
def test_no_model_change_lacks_a_migration(db, settings, tmp_path, elsewhere):
    # the private files' location comes from settings: it must not be frozen into a migration
    if elsewhere:
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations --check found changes without a migration (exit {exit_.code})")
