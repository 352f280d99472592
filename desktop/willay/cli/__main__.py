"""``python -m willay.cli`` runs ``willay-cli``."""

import sys

from willay.cli import main

sys.exit(main())
