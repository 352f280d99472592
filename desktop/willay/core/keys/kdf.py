"""Argon2id for passphrases: calibrated when a vault is made, bounded when read back."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from willay.core.errors import CorruptKeyringError
from willay.core.i18n import _, number

MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 1024 * 1024
ITERATIONS = 3
LANES = 4
MAX_ITERATIONS = 10
MAX_LANES = 16
SALT_BYTES = 16
TARGET_SECONDS = 0.6  # leaves room for a busier machine within the 0.5-1 s aim
MEMORY_ENV = "WILLAY_KDF_MEMORY_MIB"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters and salt, as stored in the keyring."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def check_bounds(self) -> None:
        """Refuse parameters a hostile keyring could use to hang or exhaust the machine."""
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise CorruptKeyringError(
                _("The keyring asks for {memory} MiB of memory to check the passphrase; "
                  "Willay accepts {low} to {high} MiB. The keyring is damaged or was not made "
                  "by Willay.").format(memory=number(self.memory_kib // 1024),
                                       low=number(MIN_MEMORY_KIB // 1024),
                                       high=number(MAX_MEMORY_KIB // 1024))
            )
        if not 1 <= self.iterations <= MAX_ITERATIONS or not 1 <= self.lanes <= MAX_LANES:
            raise CorruptKeyringError(_(
                "The keyring asks for more work to check the passphrase than Willay allows "
                "(passes or lanes); it is damaged or was not made by Willay."
            ))
        if len(self.salt) != SALT_BYTES:
            raise CorruptKeyringError(_("The keyring is damaged: its passphrase salt has the "
                                      "wrong length."))


def derive(passphrase: str, params: KdfParams) -> bytes:
    """Derive a 32-byte key-encryption key from ``passphrase`` under ``params``."""
    params.check_bounds()
    kdf = Argon2id(
        salt=params.salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Choose Argon2id memory so one derivation takes about ``target_seconds`` here.

    Derivations at the 64 MiB floor are timed and the memory scaled from the fastest (the
    cost is close to linear in memory), rounded down to 16 MiB and kept between 64 MiB
    and 1 GiB. ``WILLAY_KDF_MEMORY_MIB`` fixes the memory instead, for machines where
    calibration misjudges (still clamped to the same bounds).
    """
    salt = os.urandom(SALT_BYTES)
    fixed = os.environ.get(MEMORY_ENV)
    if fixed and fixed.isdigit():
        memory_kib = int(fixed) * 1024
    else:
        probe = KdfParams(MIN_MEMORY_KIB, ITERATIONS, LANES, salt)
        timings = []
        # Other work can only slow a probe down, so the fastest of three is the truest.
        for _probe in range(3):
            start = time.perf_counter()
            derive("calibration", probe)
            timings.append(time.perf_counter() - start)
        elapsed = max(min(timings), 1e-3)
        memory_kib = int(MIN_MEMORY_KIB * target_seconds / elapsed)
        memory_kib -= memory_kib % (16 * 1024)
    memory_kib = max(MIN_MEMORY_KIB, min(MAX_MEMORY_KIB, memory_kib))
    return KdfParams(memory_kib, ITERATIONS, LANES, salt)
