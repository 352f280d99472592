"""What kind of file an original is, told from its first bytes and never from its name.

Only the photo, audio, video and document types defined below are recognised; anything
else, plain text included, is refused rather than guessed at.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from willay.core.errors import ValidationError
from willay.core.i18n import _

MEDIA_KINDS = ("image", "audio", "video", "document")

#: How many leading bytes :func:`sniff` wants to see.
SNIFF_BYTES = 4096

def kept_types() -> str:
    """Return what the refusal of an unknown format tells the user Willay does keep."""
    return _("photos (JPEG, PNG, WebP, TIFF, HEIC), audio (Opus, Ogg, M4A, MP3, WAV, AMR), "
             "video (MP4, MOV, 3GP), PDF and office documents")


class MediaError(ValidationError):
    """An original cannot be kept or read: unknown format, damaged, or too large to decode."""


@dataclass(frozen=True)
class FileType:
    """The type of an original as recognised from its content."""

    mime: str
    kind: str
    label: str
    extension: str


def media_error(name: str, reason: str) -> MediaError:
    """Return a :class:`MediaError` whose message names the file, then the reason."""
    if name:
        return MediaError(_('"{name}": {reason}').format(name=name, reason=reason))
    return MediaError(reason[:1].upper() + reason[1:])


JPEG = FileType("image/jpeg", "image", "JPEG image", "jpg")
PNG = FileType("image/png", "image", "PNG image", "png")
WEBP = FileType("image/webp", "image", "WebP image", "webp")
TIFF = FileType("image/tiff", "image", "TIFF image", "tiff")
GIF = FileType("image/gif", "image", "GIF image", "gif")
HEIC = FileType("image/heic", "image", "HEIC image", "heic")
HEIF = FileType("image/heif", "image", "HEIF image", "heif")
AVIF = FileType("image/avif", "image", "AVIF image", "avif")
MP4 = FileType("video/mp4", "video", "MP4 video", "mp4")
MOV = FileType("video/quicktime", "video", "QuickTime video (MOV)", "mov")
THREE_GP = FileType("video/3gpp", "video", "3GP video", "3gp")
THREE_G2 = FileType("video/3gpp2", "video", "3G2 video", "3g2")
M4A = FileType("audio/mp4", "audio", "M4A audio", "m4a")
M4B = FileType("audio/mp4", "audio", "M4B audiobook", "m4b")
OPUS = FileType("audio/ogg; codecs=opus", "audio", "WhatsApp voice note (Opus)", "opus")
VORBIS = FileType("audio/ogg", "audio", "Ogg Vorbis audio", "ogg")
OGG = FileType("audio/ogg", "audio", "Ogg audio", "ogg")
MP3 = FileType("audio/mpeg", "audio", "MP3 audio", "mp3")
WAV = FileType("audio/wav", "audio", "WAV audio", "wav")
AMR = FileType("audio/amr", "audio", "AMR audio", "amr")
AMR_WB = FileType("audio/amr-wb", "audio", "AMR-WB audio", "awb")
PDF = FileType("application/pdf", "document", "PDF document", "pdf")
RTF = FileType("application/rtf", "document", "RTF document", "rtf")
_OOXML = "application/vnd.openxmlformats-officedocument."
DOCX = FileType(_OOXML + "wordprocessingml.document", "document", "Word document", "docx")
XLSX = FileType(_OOXML + "spreadsheetml.sheet", "document", "Excel spreadsheet", "xlsx")
PPTX = FileType(_OOXML + "presentationml.presentation", "document", "PowerPoint presentation",
                "pptx")
_ODF = "application/vnd.oasis.opendocument."
ODT = FileType(_ODF + "text", "document", "OpenDocument text", "odt")
ODS = FileType(_ODF + "spreadsheet", "document", "OpenDocument spreadsheet", "ods")
ODP = FileType(_ODF + "presentation", "document", "OpenDocument presentation", "odp")
_OLE_LABEL = "Microsoft Office document (legacy)"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ODF_TYPES = {ODT.mime: ODT, ODS.mime: ODS, ODP.mime: ODP}
_OOXML_PREFIXES = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_MIAF_BRANDS = frozenset({b"mif1", b"msf1"})
_MP4_BRANDS = frozenset({
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9",
    b"mp41", b"mp42", b"avc1", b"dash", b"mmp4", b"M4V ", b"M4VH", b"M4VP", b"MSNV",
    b"XAVC", b"f4v ",
})
_MOV_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})

# MPEG audio: kbit/s by (version is MPEG-1, layer) and sampling rates by version bits.
_BITRATES = {
    (True, 3): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 1): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 3): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    (False, 1): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def sniff(head: bytes, name: str = "", path: Path | None = None) -> FileType:
    """Return the type of a file from its first bytes (:data:`SNIFF_BYTES` or so).

    The type comes from the content only: ``name`` appears in error messages and nowhere
    else. ``path``, when given, lets a ZIP or legacy Office file be told apart by reading
    its directory (never extracting anything). Raises :class:`MediaError` for an empty
    head and for any format Willay does not keep.
    """
    if not head:
        raise media_error(name, _("empty file"))
    found = _sniff_image(head, name) or _sniff_av(head) or _sniff_document(head, name, path)
    if found is None:
        raise media_error(name, _("unknown format; Willay keeps {types}").format(
            types=kept_types()))
    return found


def sniff_file(path: Path) -> FileType:
    """Read the first bytes of ``path`` and return its type (see :func:`sniff`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise media_error(path.name, _("cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from exc
    return sniff(head, path.name, path)


def _sniff_image(head: bytes, name: str) -> FileType | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[4:8] == b"ftyp":
        major, brands = _ftyp_brands(head)
        if major in _AVIF_BRANDS or (major in _MIAF_BRANDS and brands & _AVIF_BRANDS):
            return _avif(name)
        if major in _HEIC_BRANDS or (major in _MIAF_BRANDS and brands & _HEIC_BRANDS):
            return HEIC
        if major in _MIAF_BRANDS:
            return HEIF
    return None


def _avif(name: str) -> FileType:
    from PIL import features

    if features.check_module("avif"):
        return AVIF
    raise media_error(name, _("an AVIF image, which this installation of Willay cannot open"))


def _ftyp_brands(head: bytes) -> tuple[bytes, frozenset[bytes]]:
    """Return the major brand and the set of all brands of an ISO-BMFF ``ftyp`` box."""
    size = int.from_bytes(head[:4], "big")
    end = min(len(head), size if size >= 16 else 16)
    major = head[8:12]
    compatible = {head[i:i + 4] for i in range(16, end - 3, 4)}
    return major, frozenset(compatible | {major})


def _sniff_av(head: bytes) -> FileType | None:
    if head[4:8] == b"ftyp":
        return _iso_media(head)
    if head[4:8] in _MOV_ATOMS and _atom_size_ok(head):
        return MOV
    if head.startswith(b"OggS"):
        return _ogg(head)
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"#!AMR\n"):
        return AMR
    if head.startswith(b"#!AMR-WB\n"):
        return AMR_WB
    if _is_id3(head) or _is_mpeg_audio(head):
        return MP3
    return None


def _atom_size_ok(head: bytes) -> bool:
    """A leading QuickTime atom size: 0 (to the end), 1 (64-bit size follows) or >= 8."""
    size = int.from_bytes(head[:4], "big")
    return size in (0, 1) or size >= 8


def _iso_media(head: bytes) -> FileType | None:
    major, brands = _ftyp_brands(head)
    if major == b"crx ":  # Canon raw photos share the MP4 container
        return None
    if major == b"qt  ":
        return MOV
    if major == b"M4A ":
        return M4A
    if major == b"M4B ":
        return M4B
    if major.startswith(b"3g2"):
        return THREE_G2
    if major.startswith((b"3gp", b"3gs", b"3gr", b"3ge", b"3gg")):
        return THREE_GP
    if major in _MP4_BRANDS or brands & _MP4_BRANDS:
        return MP4
    return None


def _ogg(head: bytes) -> FileType | None:
    """Tell an Ogg stream by the codec header that opens its first page."""
    if len(head) < 27:
        return None
    payload = head[27 + head[26]:]
    if payload.startswith(b"OpusHead"):
        return OPUS
    if payload.startswith(b"\x01vorbis"):
        return VORBIS
    if payload.startswith((b"\x7fFLAC", b"Speex   ")):
        return OGG
    return None


def _is_id3(head: bytes) -> bool:
    return (head[:3] == b"ID3" and len(head) >= 10 and 2 <= head[3] <= 4 and head[4] != 0xFF
            and all(b < 0x80 for b in head[6:10]))


def _mpeg_frame_length(header: bytes) -> int | None:
    """Return the length of the MPEG audio frame that ``header`` opens, or None if invalid."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 3
    layer = (header[1] >> 1) & 3
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 3
    if version == 1 or layer == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    mpeg1 = version == 3
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index - 1] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 1
    if layer == 3:
        return (12 * bitrate // rate + padding) * 4
    if layer == 1 and not mpeg1:
        return 72 * bitrate // rate + padding
    return 144 * bitrate // rate + padding


def _is_mpeg_audio(head: bytes) -> bool:
    """A valid frame header, followed by another one wherever the head shows it."""
    length = _mpeg_frame_length(head[:4])
    if length is None:
        return False
    return len(head) < length + 4 or _mpeg_frame_length(head[length:length + 4]) is not None


def _sniff_document(head: bytes, name: str, path: Path | None) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(_OLE_MAGIC):
        return _ole(head, path)
    if head.startswith(_ZIP_MAGIC):
        found = _odf(head) or _ooxml(head, path)
        if found is None:
            raise media_error(name, _("a ZIP archive, not a document Willay keeps"))
        return found
    return None


def _odf(head: bytes) -> FileType | None:
    """An OpenDocument file: its first member is an uncompressed ``mimetype``."""
    if len(head) < 30:
        return None
    method = int.from_bytes(head[8:10], "little")
    size = int.from_bytes(head[18:22], "little")
    name_len = int.from_bytes(head[26:28], "little")
    extra_len = int.from_bytes(head[28:30], "little")
    if method != 0 or head[30:30 + name_len] != b"mimetype":
        return None
    start = 30 + name_len + extra_len
    if size == 0:  # sizes in a data descriptor: the content runs to the next header
        size = max(0, head.find(b"PK", start) - start)
    mime = head[start:start + min(size, 200)].decode("ascii", "replace").strip()
    return _ODF_TYPES.get(mime)


def _ooxml(head: bytes, path: Path | None) -> FileType | None:
    """An Office Open XML file, by its member names (the ZIP directory when a path is given)."""
    names: list[str] | None = None
    if path is not None:
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            names = None
    if names is None:
        names = _local_member_names(head)
    if "[Content_Types].xml" not in names and "_rels/.rels" not in names:
        return None
    for prefix, file_type in _OOXML_PREFIXES:
        if any(member.startswith(prefix) for member in names):
            return file_type
    return None


def _local_member_names(head: bytes) -> list[str]:
    """Member names from the ZIP local file headers that fall inside ``head``."""
    names = []
    pos = head.find(_ZIP_MAGIC)
    while pos >= 0 and pos + 30 <= len(head):
        name_len = int.from_bytes(head[pos + 26:pos + 28], "little")
        raw = head[pos + 30:pos + 30 + name_len]
        if len(raw) == name_len:
            names.append(raw.decode("utf-8", "replace"))
        pos = head.find(_ZIP_MAGIC, pos + 4)
    return names


_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), "doc"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
    ("PowerPoint Document".encode("utf-16-le"), "ppt"),
)


def _ole(head: bytes, path: Path | None) -> FileType:
    """A legacy Office (OLE compound) file; its extension from the stream names, if seen."""
    directory = head
    if path is not None and len(head) >= 0x34:
        sector_size = 1 << min(int.from_bytes(head[0x1E:0x20], "little"), 16)
        first = int.from_bytes(head[0x30:0x34], "little")
        if first < 0xFFFFFFFA:
            try:
                with path.open("rb") as handle:
                    handle.seek((first + 1) * sector_size)
                    directory = head + handle.read(sector_size)
            except OSError:
                directory = head
    extension = next((ext for stream, ext in _OLE_STREAMS if stream in directory), "ole")
    return FileType("application/x-ole-storage", "document", _OLE_LABEL, extension)
