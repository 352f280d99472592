"""What the process does to itself at start, before it holds any key: private files, no
core dumps.

A core dump is the process's memory written to disk when it crashes: with a vault
unlocked it would hold the data key and decrypted records in the clear, outside the
vault. Both the size limit of core files and, on Linux, the process's "dumpable" flag
are cleared (the latter also stops other processes of the same user from attaching a
debugger to read its memory).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import sys

from willay.core.paths import restrict_umask

log = logging.getLogger(__name__)
_PR_SET_DUMPABLE = 4


def harden() -> None:
    """Make created files private and forbid core dumps, as far as the OS allows."""
    restrict_umask()
    forbid_core_dumps()


def forbid_core_dumps() -> None:
    """Set the core file size limit to zero and, on Linux, clear the dumpable flag."""
    try:
        import resource
    except ImportError:  # Windows: no core files; crash dumps need a system setting
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc_name = ctypes.util.find_library("c")
        if libc_name is None:
            return
        try:
            libc = ctypes.CDLL(libc_name, use_errno=True)
            if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                log.warning("Could not clear the dumpable flag (errno %d)", ctypes.get_errno())
        except (OSError, AttributeError):
            log.warning("Could not clear the dumpable flag")
