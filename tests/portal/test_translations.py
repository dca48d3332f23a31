"""Every user-facing string is translated: no empty or fuzzy entry in any Chinese catalogue."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/zh_Han[st]/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and ".run" not in p.parts
)


def test_catalogues_exist_for_every_language():
    for lang in ("zh_Hant", "zh_Hans", "en"):
        assert (ROOT / "locale" / lang / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
