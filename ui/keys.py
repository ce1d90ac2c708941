"""The session-state keys of the Data page's draft, check and import tabs, named in one place.

The draft tab and the import tab talk through two of them: ``DRAFT`` holds the draft under review (a
``lib.newsletters.review.DraftReview``, which says itself whether the editor has handed it on), and the edition
detail fields (``edition_detail``), which a new draft fills in and an import clears.
"""

from __future__ import annotations

from lib.importing.planning import EDITION_FIELDS

# The draft tab (``ui.draft_tab``)
DRAFT = "edition_draft"  # the DraftReview: its table with the editor's changes, what it left, whether handed on
DRAFT_GENERATION = "edition_draft_generation"  # a new editor widget after each change is folded into the draft
CHECK = "newsletter_check"  # the last proof checked: (file, edition, data version), its report or refusal
READS = "newsletter_reads"  # when this session's newsletter reads started (``lib.newsletters.upload_guard``)
REFUSED = "newsletter_refused"  # file content hash -> why it was refused for what it is (not read again)

# The import tab (``ui.import_tab``)
PLAN = "import_plan"  # (upload and details hash, the Plan): what importing the upload would do
DONE = "import_done"  # the message of the import just written, shown once after the rerun
UPLOAD_GENERATION = "import_upload_generation"  # a new CSV uploader after each import empties it
DETAIL_FIELDS = EDITION_FIELDS[1:]  # the edition details the import asks for (not the edition id)


def edition_detail(field: str) -> str:
    """The key of an edition detail's text input ('edition_period_start'): a draft fills it in, an import clears it."""
    return f"edition_{field}"
