"""Every form of the portal is `novalidate` (issue 14): an empty required note or reason is
answered by the server, in the page's language and tied to its field (aria-describedby), not by the
browser's own English "Please fill out this field" bubble on a Chinese page."""

from __future__ import annotations

import re

from tests.architecture.guards import ROOT

SKIP = {".venv", ".run", "node_modules", "static"}


def form_tags() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.html")):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), tag))
    return found


def test_every_form_of_every_template_is_novalidate():
    tags = form_tags()
    assert len(tags) > 50  # the templates were found
    missing = [f"{path}: {tag}" for path, tag in tags if not re.search(r"\snovalidate\b", tag)]
    assert not missing, "forms the browser would check in English:\n" + "\n".join(missing)
