"""Frozen entry point of the command line ``willay-cli``."""

import sys

from willay.cli import main

sys.exit(main())
