"""Write a donor's or an edition's brief as PDF: python -m lib.brief (``--lang sq``, ``sr-Latn``, ``sr-Cyrl``: in
Albanian or Serbian; English by default).

The command people run; its code is in ``lib.briefs.brief``.
"""

import sys

from lib.briefs.brief import main

if __name__ == "__main__":
    sys.exit(main())
