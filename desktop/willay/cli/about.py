"""``willay-cli about``: the bundled components, their versions and licenses."""

from __future__ import annotations

import argparse

from willay.cli import output
from willay.cli.context import Context
from willay.core.components import components, version_text


def about(ctx: Context, _args: argparse.Namespace) -> int:
    """List every bundled component with its version, license and license files."""
    parts = components()
    if ctx.json:
        output.emit_json([c.as_dict() for c in parts])
        return 0
    output.emit(version_text().splitlines()[0])
    output.table([[c.name, c.version, c.license, c.role] for c in parts],
                 ["COMPONENT", "VERSION", "LICENSE", "USED FOR"])
    output.emit()
    output.emit("License texts shipped with this copy:")
    for part in parts:
        for path in part.license_files:
            output.emit(f"  {part.name}: {path}")
    return 0
