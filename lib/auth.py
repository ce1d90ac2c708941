"""Hash an editor password: python -m lib.auth hash-password.

The command people run; its code is in ``lib.importing.auth``.
"""

import sys

from lib.importing.auth import main

if __name__ == "__main__":
    sys.exit(main())
