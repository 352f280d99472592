"""What the archive open in the window can do: a vault everything, a hub what it has so far.

This is the one place that says which parts of the window a hub lacks yet. Pages,
buttons and the controller's tasks ask :func:`available` (through ``Controller.can``);
as the hub gains a part, add it to :data:`HUB_HAS` and test that part of the window on
a hub.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QAbstractButton

from willay.core.errors import WillayError


class Feature(Enum):
    """A part of the window that needs more of the archive than sessions on its records."""

    ORIGINALS = "originals"
    """Photos, voice notes, videos and documents: adding, viewing, redacting, saving."""
    RECORDINGS = "recordings"
    """Recording a testimony from the microphone, sealed as it is spoken."""
    BUNDLES = "bundles"
    """Partners, bundles and receipts: the Partners and Inbox sections."""
    PURGE = "purge"
    """Removing the originals partners confirmed receiving (a field laptop's task)."""
    DUPLICATES = "duplicates"
    """Possible duplicates of incidents and people."""
    VERIFY = "verify"
    """Checking the custody chain, every revision and every original."""
    EVIDENCE = "evidence"
    """Evidence packages for lawyers."""
    RECOVERY_CODE = "recovery code"
    """A vault's recovery code, to set a new passphrase."""
    COORDINATORS = "coordinators"
    """A hub's coordinators, each with a passphrase of their own."""


HUB_HAS: frozenset[Feature] = frozenset({
    Feature.ORIGINALS, Feature.BUNDLES, Feature.DUPLICATES, Feature.VERIFY, Feature.EVIDENCE,
    Feature.COORDINATORS})
"""What a hub has of the features above; widen it as the hub gains each one."""
ONLY_ON_A_HUB: frozenset[Feature] = frozenset({Feature.COORDINATORS})

# Said for what a hub lacks (and, for COORDINATORS, a vault); any other feature taken out
# of HUB_HAS would be said in general words.
_NOT_YET = {
    Feature.RECORDINGS: QT_TRANSLATE_NOOP(
        "Capabilities", "Recording a testimony from the microphone is not available on a "
        "hub yet: record it in a vault, or add its sound file to the testimony."),
    Feature.PURGE: QT_TRANSLATE_NOOP(
        "Capabilities", "Removing the originals partners confirmed receiving is a field "
        "laptop's task; it is not available on a hub, which keeps them."),
    Feature.RECOVERY_CODE: QT_TRANSLATE_NOOP(
        "Capabilities", "A hub has no recovery code. If you forgot your passphrase, another "
        "coordinator removes you and adds you again, and you choose a new one."),
    Feature.COORDINATORS: QT_TRANSLATE_NOOP(
        "Capabilities", "Coordinators belong to a hub; a vault opens with its own "
        "passphrase."),
}


def available(on_hub: bool, feature: Feature) -> bool:
    """Whether a hub (``on_hub``) or a vault has ``feature``."""
    return feature in HUB_HAS if on_hub else feature not in ONLY_ON_A_HUB


def not_yet(feature: Feature | None) -> str:
    """Say plainly, in the window's language, that ``feature`` is not on a hub yet."""
    said = _NOT_YET.get(feature) if feature is not None else None
    if said is None:
        return QCoreApplication.translate("Capabilities",
                                          "This is not available on a hub yet.")
    return QCoreApplication.translate("Capabilities", str(said))


def hold_back(button: QAbstractButton, feature: Feature,
              can: Callable[[Feature], bool]) -> None:
    """Disable ``button`` when the archive lacks ``feature`` (``can`` says, as
    ``Controller.can`` does); its tooltip says why."""
    if not can(feature):
        button.setEnabled(False)
        button.setToolTip(not_yet(feature))


class NotOnHubYet(WillayError):
    """Work that needs a part of the archive a hub does not have yet."""

    def __init__(self, feature: Feature | None = None) -> None:
        super().__init__(not_yet(feature))
