"""A field set read from a file: Willay's own format, or an ODK form (XLSForm workbook)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from willay.core import strict_json
from willay.core.errors import ValidationError, WillayError
from willay.core.i18n import _
from willay.core.reference import fieldsets, xlsform

MAX_FILE = 20 * 1024 * 1024


@dataclass(frozen=True)
class ReadForm:
    """A field set read from a file, what a person should know, and what was left out."""

    fieldset: fieldsets.FieldSet
    notes: list[str] = field(default_factory=list)
    left_out: list[xlsform.Left] = field(default_factory=list)


def read_file(path: Path, *, organization: str, applies_to: str = "incident",
              version: int = 1, skip_unmapped: bool = False) -> ReadForm:
    """Read the field set in ``path``; an ODK workbook's questions are for ``applies_to``
    records, of ``organization``, numbered ``version``.

    Raises :class:`xlsform.UnmappedQuestions` for questions of types that do not map
    (unless ``skip_unmapped``), ValidationError for anything else that is wrong.
    """
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
            size = path.stat().st_size
    except FileNotFoundError:
        raise WillayError(_("The file {path} does not exist.").format(path=path)) from None
    except OSError as exc:
        raise WillayError(_("Cannot read {path}: {reason}.").format(
            path=path, reason=exc.strerror)) from exc
    if start.startswith(b"PK"):
        read = xlsform.read_workbook(path, applies_to=applies_to, organization=organization,
                                     version=version, skip_unmapped=skip_unmapped)
        return ReadForm(fieldsets.parse(read.document), read.notes, read.left_out)
    if size > MAX_FILE:
        raise ValidationError(_("{path} is too large to be a field set.").format(path=path))
    data = strict_json.loads(path.read_bytes(), str(path))
    return ReadForm(fieldsets.parse(data))
