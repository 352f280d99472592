"""A tiny writer of real .xlsx workbooks, for tests that need a spreadsheet made by hand.

Text goes into the shared strings, numbers into number cells (booleans as boolean
cells), ``None`` leaves the cell out; each sheet is a list of rows.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Cell = str | int | float | bool | None

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letters(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(ref: str, value: Cell, strings: dict[str, int]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
    index = strings.setdefault(value, len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def _worksheet(rows: list[list[Cell]], strings: dict[str, int]) -> str:
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letters(c)}{r}", value, strings)
                        for c, value in enumerate(row, start=1))
        if cells:
            lines.append(f'<row r="{r}">{cells}</row>')
    return (f'{_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>'
            f'{"".join(lines)}</sheetData></worksheet>')


def write_xlsx(path: Path, sheets: dict[str, list[list[Cell]]]) -> Path:
    """Write ``sheets`` (name → rows of cells) as an .xlsx workbook at ``path``."""
    strings: dict[str, int] = {}
    worksheets = [_worksheet(rows, strings) for rows in sheets.values()]
    count = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, count + 1))
    content_types = (
        f'{_HEAD}<Types xmlns="{_TYPES}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f'{overrides}</Types>')
    root_rels = (f'{_HEAD}<Relationships xmlns="{PACKAGE_REL}">'
                 f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    sheet_entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1))
    workbook = (f'{_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                f'<sheets>{sheet_entries}</sheets></workbook>')
    book_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC}/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
    book_rels += (f'<Relationship Id="rId{count + 1}" Type="{_DOC}/styles" '
                  'Target="styles.xml"/>'
                  f'<Relationship Id="rId{count + 2}" Type="{_DOC}/sharedStrings" '
                  'Target="sharedStrings.xml"/>')
    styles = (f'{_HEAD}<styleSheet xmlns="{MAIN}">'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
              '<borders count="1"><border/></borders>'
              '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
              '<cellXfs count="1"><xf xfId="0"/></cellXfs></styleSheet>')
    shared = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>'
                     for text in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels",
                         f'{_HEAD}<Relationships xmlns="{PACKAGE_REL}">{book_rels}'
                         '</Relationships>')
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/sharedStrings.xml",
                         f'{_HEAD}<sst xmlns="{MAIN}" count="{len(strings)}" '
                         f'uniqueCount="{len(strings)}">{shared}</sst>')
        for i, sheet in enumerate(worksheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
    return path
