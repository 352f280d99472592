"""Padmé: the padded lengths that hide a file's exact size, as PURBs define them.

Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with
PURBs" (PETS 2019). A length L with E = floor(log2 L) and S = floor(log2 E) + 1 is rounded
up so that its last E - S bits are zero. A padded length then reveals O(log log L) bits
about L instead of O(log L), and the overhead is at most 11.63 % for any length (below
6.25 % from 256 bytes on, below 3.125 % from 64 KiB on).
"""

from __future__ import annotations

from willay.core.i18n import _


def padme(length: int) -> int:
    """Return the Padmé length of ``length``: the smallest allowed length not below it.

    Lengths 0 and 1 are their own Padmé length (E - S is not positive for them), as are
    2 to 7. A negative length raises ValueError.
    """
    if length < 0:
        raise ValueError(_("a length cannot be negative ({length})").format(length=length))
    if length < 2:
        return length
    exponent = length.bit_length() - 1  # E = floor(log2 L)
    low_bits = exponent - exponent.bit_length()  # E - S, with S = floor(log2 E) + 1
    if low_bits <= 0:
        return length
    mask = (1 << low_bits) - 1
    return (length + mask) & ~mask
