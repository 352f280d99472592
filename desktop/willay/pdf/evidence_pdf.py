"""The summary.pdf of an evidence package: one incident, its testimonies, photos and custody.

Bilingual (Spanish / English) labels, since a package goes to lawyers of either language.
Thumbnails come from the encrypted database already decoded in memory; nothing is
written but the PDF itself.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from willay.core.reference import dates
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports.evidence_contents import IncidentEvidence, PackageInfo
from willay.pdf.qt_app import ensure_app

THUMB_WIDTH = 150
_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4px 0; }
h2 { font-size: 11.5pt; margin: 14px 0 4px 0; border-bottom: 1px solid #888; }
table { border-collapse: collapse; }
td, th { padding: 2px 6px 2px 0; vertical-align: top; }
th { text-align: left; color: #444; font-weight: normal; }
.hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; }
.note { color: #555; font-size: 8pt; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _coded(vocab: str, codes: list[str]) -> str:
    if not codes:
        return "—"
    voc = vocabulary(vocab)
    return ", ".join(f"{voc.label(c, 'es')} / {voc.label(c, 'en')} ({c})" if c in voc else c
                     for c in codes)


def _place(place: dict[str, Any] | None) -> str:
    if not place:
        return "—"
    parts = []
    if place.get("ubigeo"):
        found = gazetteer().get(place["ubigeo"])
        parts.append(f"{found.full_name if found else ''} (ubigeo {place['ubigeo']})".strip())
    if place.get("text"):
        parts.append(place["text"])
    if place.get("latitude") is not None:
        parts.append(f"{place['latitude']}, {place['longitude']}")
    return " — ".join(parts) or "—"


def _occurred(fields: dict[str, Any]) -> str:
    occurred = fields.get("occurred")
    if not occurred:
        return "—"
    try:
        return f"{dates.from_fields(occurred).label()} ({occurred.get('precision', '')})"
    except (ValueError, KeyError, TypeError):
        return json.dumps(occurred, ensure_ascii=False)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB ({size} bytes)"
    return f"{size / 1024 / 1024:.1f} MiB ({size} bytes)"


def _row(label: str, value: str) -> str:
    return f"<tr><th>{label}</th><td>{value}</td></tr>"


def summary_html(evidence: IncidentEvidence, info: PackageInfo) -> str:
    """Return the summary of one incident as the HTML Qt lays out (images by resource URL)."""
    f = evidence.fields
    people = {pid: fields for pid, fields in evidence.people}
    parts = [f"<html><head><style>{_STYLE}</style></head><body>",
             f"<h1>{_e(f.get('title'))}</h1>",
             f"<p class='note'>Resumen del paquete de evidencia / Evidence package summary "
             f"— {_e(info.package_id)}<br/>Incidente / Incident {_e(evidence.id)}</p>",
             "<table>",
             _row("Fecha / Date", _e(_occurred(f))),
             _row("Lugar / Place", _e(_place(f.get("place")))),
             _row("Violaciones / Violations", _e(_coded("violations", f.get("violations", [])))),
             _row("Perpetradores / Perpetrators",
                  _e(_coded("perpetrators", f.get("perpetrators", [])))),
             _row("Muertos / Killed", _e(f.get("killed", 0))),
             _row("Heridos / Injured", _e(f.get("injured", 0))),
             _row("Detenidos / Detained", _e(f.get("detained", 0))),
             _row("Estado / Status", _e(f.get("status", ""))),
             _row("Testimonios / Testimonies", str(len(evidence.testimonies))),
             _row("Archivos / Files", str(len(evidence.media))),
             "</table>",
             "<h2>Relato / Narrative</h2>",
             "<p>" + (_e(f.get("narrative")).replace("\n", "<br/>") or "—") + "</p>"]
    parts.append(f"<h2>Testimonios / Testimonies (audiencia / audience: {_e(info.audience)})"
                 "</h2>")
    if evidence.testimonies:
        parts.append("<table><tr><th>Id</th><th>Testigo / Witness</th><th>Idioma / Language"
                     "</th><th>Fecha / Date</th><th>Consentimiento / Consent</th></tr>")
        for tid, t in evidence.testimonies:
            witness = people.get(t.get("witness", ""))
            who = _e(witness.get("full_name")) if witness else \
                f"{_e(str(t.get('witness', ''))[:8])} (omitida / withheld)"
            parts.append(f"<tr><td class='hash'>{_e(tid[:8])}</td><td>{who}</td>"
                         f"<td>{_e(t.get('language'))}</td><td>{_e(t.get('recorded_date'))}</td>"
                         f"<td>{_e(t.get('consent'))}</td></tr>")
        parts.append("</table><p class='note'>Texto completo en records/ / Full text in "
                     "records/.</p>")
    else:
        parts.append("<p>—</p>")
    if evidence.withheld:
        parts.append("<h2>Omitido por consentimiento / Withheld for consent</h2><ul>")
        parts += [f"<li>{_e(note)}</li>" for note in evidence.withheld]
        parts.append("</ul>")
    parts.append("<h2>Fotos y archivos / Photos and files</h2>")
    if evidence.media:
        parts.append("<table>")
        for item in evidence.media:
            thumb = f"<img src='thumb:{item.id}' width='{THUMB_WIDTH}'/>" \
                if item.thumbnail else ""
            where = _e(item.file) if item.file else f"<b>{_e(item.missing)}</b>"
            extra = f"<br/>Captura / Captured: {_e(item.captured_at)}" if item.captured_at else ""
            if item.redacted_copy:
                extra += ("<br/>Existe una copia censurada / A redacted copy exists: "
                          f"<span class='hash'>{_e(item.redacted_copy)}</span>")
            parts.append(
                f"<tr><td>{thumb}</td><td><b>{_e(item.original_name)}</b><br/>"
                f"{_e(item.mime)}, {_e(_size(item.size))}<br/>SHA-256:<br/>"
                f"<span class='hash'>{_e(item.sha256)}</span><br/>{where}{extra}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>—</p>")
    parts.append("<h2>Cadena de custodia / Custody</h2>")
    counts = Counter(e.action for e in evidence.events)
    if evidence.events:
        first, last = evidence.events[0], evidence.events[-1]
        parts.append("<table>")
        parts.append(_row("Eventos / Events", str(len(evidence.events))))
        parts.append(_row("Desde / From", _e(first.time)))
        parts.append(_row("Hasta / To", _e(last.time)))
        parts.append(_row("Acciones / Actions",
                          _e(", ".join(f"{a} × {n}" for a, n in sorted(counts.items())))))
        parts.append(_row("Firmantes / Signers",
                          _e(", ".join(sorted({e.signer for e in evidence.events})))))
        parts.append(_row("Último hash / Last hash", f"<span class='hash'>{_e(last.hash)}</span>"))
        if evidence.foreign_events:
            parts.append(_row("De socios / From partners", str(len(evidence.foreign_events))))
        parts.append("</table>")
    parts.append("<p class='note'>Detalle en custody.txt y custody.jsonl / Details in custody.txt "
                 "and custody.jsonl.</p>")
    parts.append("<h2>Firma / Signature</h2><table>")
    parts.append(_row("Firmado por / Signed by",
                      _e(f"{info.signer_name} — {info.signer_organization}")))
    parts.append(_row("Huella / Fingerprint", _e(info.fingerprint)))
    parts.append(_row("Clave minisign / minisign key", f"<span class='hash'>"
                      f"{_e(info.minisign_public_key)}</span>"))
    parts.append(_row("Creado / Made", _e(info.created)))
    parts.append("</table><p class='note'>Compruebe / Check: sha256sum -c SHA256SUMS; "
                 "minisign -Vm SHA256SUMS -p minisign.pub</p></body></html>")
    return "".join(parts)


def write_summary(evidence: IncidentEvidence, info: PackageInfo, path: Path) -> None:
    """Render the summary of one incident into the PDF file ``path`` (A4)."""
    ensure_app()
    doc = QTextDocument()
    for item in evidence.media:
        if item.thumbnail:
            image = QImage.fromData(item.thumbnail)
            if not image.isNull():
                doc.addResource(QTextDocument.ResourceType.ImageResource,
                                QUrl(f"thumb:{item.id}"), image)
    doc.setHtml(summary_html(evidence, info))
    writer = QPdfWriter(str(path))
    writer.setTitle(f"{evidence.fields.get('title', '')} — {info.package_id}")
    writer.setCreator("Willay")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    doc.print_(writer)
