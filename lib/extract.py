"""Draft an edition from its newsletter, or check a proof: python -m lib.extract.

The command people run; its code is in ``lib.newsletters.extract``.
"""

import sys

from lib.newsletters.extract import main

if __name__ == "__main__":
    sys.exit(main())
