"""Draft an edition from its newsletter, or check a proof: python -m lib.extract.

The command people run; its code is in ``lib.newsletters.cli``.
"""

import sys

from lib.newsletters.cli import main

if __name__ == "__main__":
    sys.exit(main())
