"""``python -m azure_functions_compat``: the command line, see :mod:`.cli`."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
