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
NEWSLETTER_UPLOAD = "newsletter_upload"  # the newsletter to draft
DRAFT_EDITION = "draft_edition"  # the edition it is drafted as (YYYY-MM)
DRAFT_BUTTON = "draft_button"  # "Draft the figures"
USE_DRAFT = "use_draft"  # "Check these figures for the import": hands the draft on
ACCEPT_ROW = "accept_row"  # the one-at-a-time review's "Accept" (this row as proposed, or as corrected)
LEAVE_ROW = "leave_row"  # … "Leave out" (not a figure)
BACK_ROW = "back_row"  # … "Back" (the row reviewed last, again)
CHECK_UPLOAD = "check_upload"  # the "Check a draft newsletter" tab's newsletter (open to every reader)
CHECK_EDITION = "check_edition"  # the edition it is checked as

# The import tab (``ui.import_tab``)
PLAN = "import_plan"  # (upload and details hash, the Plan): what importing the upload would do
DONE = "import_done"  # the message of the import just written, shown once after the rerun
UPLOAD_GENERATION = "import_upload_generation"  # a new CSV uploader after each import empties it
DOWNLOAD_TEMPLATE = "download_template"  # the CSV template's download button
IMPORT_SOURCE = "import_source"  # start from the newsletter (a draft) or from a CSV (``ui.import_tab.SOURCES``)
CONFIRM_IMPORT = "confirm_import"  # "Import these changes"
DETAIL_FIELDS = EDITION_FIELDS[1:]  # the edition details the import asks for (not the edition id)


def edition_detail(field: str) -> str:
    """The key of an edition detail's text input ('edition_period_start'): a draft fills it in, an import clears it."""
    return f"edition_{field}"


def draft_editor(generation: int) -> str:
    """The key of the draft's editable table ('draft_editor_0'): a new one after each change (``DRAFT_GENERATION``)."""
    return f"draft_editor_{generation}"


def correction(field: str, row: int, generation: int) -> str:
    """The key of the one-at-a-time review's correction of ``field`` on draft row ``row`` ('correct_indicator_3_0'):
    a new one after each change to the draft (``DRAFT_GENERATION``), so that it shows the row as it is now."""
    return f"correct_{field}_{row}_{generation}"


def new_indicators_editor(generation: int) -> str:
    """The key of the proposed new indicators' table: a new one for each draft and after each change folded in."""
    return f"new_indicators_editor_{generation}"


def edition_upload(generation: int) -> str:
    """The key of the import's CSV uploader ('edition_upload_0'): a new one after each import empties it."""
    return f"edition_upload_{generation}"
