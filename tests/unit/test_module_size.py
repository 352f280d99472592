"""No module of the package grows past what a newcomer can read in one sitting."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop" / "willay"
MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    long = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules by meaning (over {MAX_LINES} lines): {long}"
