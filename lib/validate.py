"""Check the data package: python -m lib.validate [DATA_DIR].

The command people run; its code is in ``lib.dataset.validate``.
"""

import sys

from lib.dataset.validate import main

if __name__ == "__main__":
    sys.exit(main())
