"""Record fields as small, escaped HTML for read-only panes."""

from __future__ import annotations

from html import escape


def rows(pairs: list[tuple[str, str]]) -> str:
    """Return a two-column table of label/value pairs, values escaped; empty values skipped."""
    body = "".join(
        f"<tr><td style='color:#555;padding-right:12px' valign='top'>{escape(label)}</td>"
        f"<td>{escape(value)}</td></tr>"
        for label, value in pairs if value
    )
    return f"<table cellspacing='2'>{body}</table>"


def paragraphs(text: str) -> str:
    """Return plain text as escaped HTML paragraphs."""
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n") if part.strip())


def title(text: str) -> str:
    """Return an escaped heading."""
    return f"<h2 style='margin-bottom:4px'>{escape(text)}</h2>"


def organization_rows(title_text: str, pairs: list[tuple[str, str]]) -> str:
    """Return an organization's fields under its field set's name: headings (a label with
    no value) in bold, values as :func:`rows` shows them."""
    if not pairs:
        return ""
    body = ""
    for label, value in pairs:
        if not value:
            body += (f"<tr><td colspan='2' style='padding-top:6px'><b>{escape(label)}</b>"
                     "</td></tr>")
        else:
            body += (f"<tr><td style='color:#555;padding-right:12px' valign='top'>"
                     f"{escape(label)}</td><td>{escape(value)}</td></tr>")
    return (f"<h3 style='margin-bottom:2px'>{escape(title_text)}</h3>"
            f"<table cellspacing='2'>{body}</table>")
