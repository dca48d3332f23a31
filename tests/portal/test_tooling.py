"""The gates `make test` runs before the suite catch what they are there for: mypy's strict flags
apply to a `rules.py` (where money is decided) and not to other modules, and `ruff format --check`
fails on a file that is not formatted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

UNTYPED = "def eligible(amount):\n    return amount * 2\n"
WRONG = "from decimal import Decimal\n\n\ndef eligible(amount: Decimal) -> Decimal:\n    return str(amount)\n"


def _mypy(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "somescheme"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / f"{module}.py").write_text(source)
    return subprocess.run(
        [str(BIN / "mypy"), "--no-incremental", str(package / f"{module}.py")],
        cwd=ROOT,  # the project's configuration, and its settings for the Django plugin
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mypy_is_strict_on_rules_and_finds_a_type_error(tmp_path):
    untyped = _mypy(tmp_path, "rules", UNTYPED)
    assert untyped.returncode == 1 and "[no-untyped-def]" in untyped.stdout, untyped.stdout
    wrong = _mypy(tmp_path, "rules", WRONG)
    assert wrong.returncode == 1 and "[return-value]" in wrong.stdout, wrong.stdout


def test_mypy_is_in_the_default_mode_elsewhere(tmp_path):
    assert _mypy(tmp_path, "views", UNTYPED).returncode == 0


def test_ruff_format_check_fails_on_an_unformatted_file(tmp_path):
    (tmp_path / "ugly.py").write_text("x = {  'a':1 }\n")
    result = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "--config", str(ROOT / "pyproject.toml"), "ugly.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "would be reformatted" in result.stdout, result.stdout
