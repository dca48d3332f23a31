"""A form's label never says "(optional)" itself (issue 14): the shared field template
(templates/includes/field.html) marks every field that is not required, so such a label read
"備註（選填） (選填)"."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation

from tests.architecture.guards import ROOT


def test_no_form_label_marks_itself_optional():
    found = []
    for app in settings.PORTAL_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for label in re.findall(r'label=_\("([^"]*)"\)', path.read_text(encoding="utf-8")):
                if "optional" in label.lower():
                    found.append(f"{path.relative_to(ROOT)}: {label}")
    assert not found, "\n".join(found)


def test_the_places_close_note_is_marked_optional_once():
    from places.forms import CloseReportForm

    for lang, optional in (("zh-hant", "選填"), ("zh-hans", "选填"), ("en", "optional")):
        with translation.override(lang):
            html = str(CloseReportForm()["staff_note"].as_field_group())
        label = re.search(r"<label[^>]*>(.*?)</label>", html, re.S).group(1)
        assert label.count(optional) == 1, label
