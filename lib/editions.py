"""Import an edition from CSV files: python -m lib.editions.

The command people run; its code is in ``lib.importing.editions``.
"""

import sys

from lib.importing.editions import main

if __name__ == "__main__":
    sys.exit(main())
