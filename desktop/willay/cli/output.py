"""How the CLI prints: plain lines for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, indented) on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def emit(text: str = "") -> None:
    """Print one line for a person."""
    print(text)


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Print rows as aligned columns under ``headers``; long cells are cut."""
    cut = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cut:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    print("  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip())
    for row in cut:
        print("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())


def _cell(value: str, limit: int = 48) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def describe(value: Any, indent: int = 0) -> list[str]:
    """Return readable ``key: value`` lines for a record's fields."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            label = key.replace("_", " ")
            if isinstance(item, dict):
                lines.append(f"{pad}{label}:")
                lines.extend(describe(item, indent + 1))
            elif isinstance(item, list):
                lines.append(f"{pad}{label}: {', '.join(map(str, item)) if item else '—'}")
            elif isinstance(item, str) and "\n" in item:
                lines.append(f"{pad}{label}:")
                lines.extend(f"{pad}  {line}" for line in item.splitlines())
            else:
                lines.append(f"{pad}{label}: {'—' if item in (None, '') else item}")
    return lines
