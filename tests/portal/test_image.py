"""The production image holds the runtime set and the portal's code, nothing of development.

No Docker engine runs here, so the Dockerfile and `.dockerignore` are read as Docker reads them:
the build context is every file of the repository that `.dockerignore` does not exclude (its
patterns in order, the last match deciding, `!` re-including), and each `pip install` of the
Dockerfile names its requirement files.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEVER_IN_THE_IMAGE = ("tests/", "bench/", "docs/", "scripts/", ".git/", ".ci/", "requirements/dev.")


def _ignore_patterns() -> list[tuple[bool, str]]:
    patterns = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        patterns.append((negated, line.lstrip("!").strip("/")))
    return patterns


def _matches(pattern: str, path: str) -> bool:
    """Docker's rule: a pattern matches a path or any folder above it; `**` spans folders."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if pattern.startswith("**/"):
        tail = pattern[3:]
        return any(fnmatch.fnmatchcase(part, tail) for part in parts) or any(
            fnmatch.fnmatchcase(c, tail) for c in candidates
        )
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)


def build_context(paths: list[str]) -> list[str]:
    patterns = _ignore_patterns()
    kept = []
    for path in paths:
        excluded = False
        for negated, pattern in patterns:
            if _matches(pattern, path):
                excluded = not negated
        if not excluded:
            kept.append(path)
    return kept


def _repository_files() -> list[str]:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
    if tracked.returncode != 0:
        pytest.skip("needs a git checkout")
    # plus what a working copy holds beside the tracked files (a venv, run state, caches)
    extra = [".venv/bin/python", ".venv-lock/bin/pip", ".run/db.sqlite3", "tests/__pycache__/x.pyc", "locale/x.mo"]
    return tracked.stdout.split() + extra


def test_the_build_context_holds_no_test_bench_docs_scripts_or_venv():
    context = build_context(_repository_files())
    leaked = [p for p in context if p.startswith(NEVER_IN_THE_IMAGE) or p.startswith((".venv", ".run"))]
    assert leaked == []
    assert "manage.py" in context and "portal/settings/production.py" in context
    assert "requirements/base.txt" in context


def test_the_matcher_reads_dockerignore_as_docker_does():
    """The checker itself: a folder pattern covers what is below it, `!` re-includes."""
    assert _matches("tests", "tests/portal/test_image.py")
    assert _matches("**/*.pyc", "portal/__pycache__/x.pyc")
    assert not _matches("tests", "portal/tests.py")
    assert build_context(["README.md", "docs/RELIABILITY.md"]) == ["README.md"]


def _dev_only_packages() -> set[str]:
    def names(path: Path) -> set[str]:
        return {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", path.read_text(), re.M)}

    return names(ROOT / "requirements" / "dev.txt") - names(ROOT / "requirements" / "base.txt")


def test_the_image_installs_only_the_runtime_set_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs, "the Dockerfile installs the runtime set"
    for line in installs:
        assert "--require-hashes" in line
        assert re.findall(r"-r\s+(\S+)", line) == ["requirements/base.txt"], line
    assert "COPY requirements/base.txt requirements/base.txt" in dockerfile
    dev_only = _dev_only_packages()
    assert {"pytest", "playwright", "hypothesis", "schemathesis", "ruff", "mypy", "bandit"} <= dev_only
    base = (ROOT / "requirements" / "base.txt").read_text().lower()
    assert [name for name in dev_only if re.search(rf"^{re.escape(name)}==", base, re.M)] == []


def test_the_image_runs_as_a_non_root_user_from_a_second_stage():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.split(r"^FROM ", dockerfile, flags=re.M)[1:]
    assert len(stages) == 2, "a build stage and a runtime stage"
    runtime = stages[-1]
    assert "pip install" not in runtime
    # the runtime stage installs shared libraries only (WeasyPrint's Pango and the CJK fonts of
    # the certificates): no compiler, no -dev package, and no apt lists left in the image
    installed = set()
    for line in re.findall(r"apt-get install -y --no-install-recommends ([^&\\]+)", runtime):
        installed.update(line.split())
    assert installed <= {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-cjk"}, installed
    assert "apt-get" not in runtime or "rm -rf /var/lib/apt/lists/*" in runtime
    assert re.search(r"^USER portal$", runtime, re.M)
    assert "COPY --from=build /opt/venv /opt/venv" in runtime


def test_every_lock_line_has_a_hash():
    for name in ("base.txt", "dev.txt"):
        text = (ROOT / "requirements" / name).read_text()
        pins = re.findall(r"^[A-Za-z0-9_.\-]+(?:\[[a-z0-9,_\-]+\])?==\S+(.*)$", text, re.M)
        assert pins and all(rest.strip() == "\\" for rest in pins), name
        assert text.count("==") <= text.count("--hash=sha256:")
