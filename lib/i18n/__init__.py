"""The dashboard in English, Albanian and Serbian (Latin and Cyrillic): message catalogues and locale formats.

- ``languages``: the four languages (BCP 47 tags ``en``, ``sq``, ``sr-Latn``, ``sr-Cyrl``), their names in
  their own language, Babel's locales for Kosovo, and the choice from a link or a browser's language.
- ``active``: the language of the script run now. ``_``, ``ngettext`` and ``N_`` mark and translate texts; a
  session sets its language at the start of each run (a context variable: sessions share a process, so never
  ``gettext.install``).
- ``catalogues``: gettext catalogues read from ``locales/<lang>/LC_MESSAGES/*.po`` into memory (the pod's root
  filesystem is read-only); Serbian Cyrillic is made from the Latin by ``cyrillic``.
- ``numbers``: numbers, percentages, money and months as each locale writes them (Babel).
- ``python -m lib.i18n``: extract, update, check and show the catalogues (the translators' workflow, README).
"""

from lib.i18n.active import N_, _, current, ngettext, translated, using
from lib.i18n.languages import DEFAULT, LANGUAGES

__all__ = ["DEFAULT", "LANGUAGES", "N_", "_", "current", "ngettext", "translated", "using"]
