"""Frozen entry point of the desktop app ``willay``."""

import sys

from willay.gui.app import main

sys.exit(main())
