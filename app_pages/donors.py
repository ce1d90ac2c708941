"""Donors: what a donor funds, each of those programmes' figures against its target, and a donor x programme
overview. Drawn from ``lib.summary.DonorSummary``, the summary the donor brief draws too."""

from typing import Any

import pandas as pd
import streamlit as st

from lib.briefs.brief import donor_brief
from lib.dataset.catalogue import Catalogue
from lib.i18n import N_, _, current, ngettext, translated
from lib.i18n.active import data_text
from lib.i18n.languages import language_suffix
from lib.presenting.export import csv_bytes
from lib.presenting.formats import format_number
from lib.presenting.text import md_text
from lib.presenting.wording import progress_percent, relation_note, relation_word, result_words, results_heading
from lib.summary import DonorSummary
from ui.page import start_page
from ui.state import donor_summary, synced_choice
from ui.widgets import download_csv, figure_table

# The tables' columns keep their English names (the CSV's headers); ``figure_table`` shows them in the reader's
# language.
PROGRESS = N_("Progress")
CHANGE = N_("Change since last edition")
RESULT_COLUMNS = [
    N_("Programme"),
    N_("Indicator"),
    N_("Breakdown"),
    N_("Achieved"),
    N_("Basis"),
    N_("Target"),
    PROGRESS,
    CHANGE,
]
SOURCE_COLUMNS = [N_("Source quote"), N_("Figure id")]
OVERVIEW_COLUMNS = [N_("Donor"), N_("Programmes"), N_("Funds")]  # as ``donors_overview`` names them


def results_table(summary: DonorSummary, catalogue: Catalogue, names: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One row per figure, in the brief's order (by programme): what was achieved, the target it is measured
    against, progress as the percentage of a single-number target the brief says too, the change, the source."""
    rows: list[dict[str, object]] = []
    for result in summary.results:
        words = result_words(result, catalogue, names)
        rows.append(
            {
                "Programme": words.programme,
                "Indicator": words.indicator,
                "Breakdown": words.breakdown,
                "Achieved": words.achieved,
                "Basis": words.basis,
                "Target": words.target,
                PROGRESS: None if result.progress is None else progress_percent(result.progress),
                CHANGE: words.change,
                "Source quote": str(result.figure["source_quote"]),
                "Figure id": result.figure_id,
            }
        )
    table = pd.DataFrame(rows, columns=[*RESULT_COLUMNS, *SOURCE_COLUMNS])
    return table.astype({PROGRESS: float})  # no target: an empty cell, not a bar


def progress_column() -> Any:  # a column configuration (a dict)
    """Progress as a bar, 0 to 100%, its header and help in the reader's language."""
    return st.column_config.ProgressColumn(
        translated(PROGRESS),
        format="%.0f%%",
        min_value=0,
        max_value=100,
        help=_("The figure as a share of its target"),
    )


def show_targets(table: pd.DataFrame) -> None:
    """First, what a donor checks: each figure that has a target, beside it, with progress; nothing to scroll."""
    with_target = table.loc[table["Target"] != ""]
    if with_target.empty:
        return
    heading = _("Against targets — %(count)s", count=format_number(len(with_target)))
    st.markdown(f"**{heading}**")
    figure_table(
        with_target,
        # The change only where there is one to show (none in the first edition stored).
        column_order=["Programme", "Indicator", "Breakdown", "Achieved", "Target", PROGRESS]
        + ([CHANGE] if with_target[CHANGE].ne("").any() else []),
        # A bounded breakdown keeps achieved, target and progress in view at a tablet's 768 px.
        column_config={PROGRESS: progress_column(), "Breakdown": st.column_config.TextColumn(width="medium")},
        pin="Indicator",
    )


def show_results(summary: DonorSummary, table: pd.DataFrame) -> None:
    """The results table, what its columns mean, and its CSV."""
    heading = _(
        "Indicators — %(heading)s",
        heading=results_heading(len(summary.figures), len(summary.results), len(summary.pairs)),
    )
    st.markdown(f"**{heading}**")
    change = (
        _("The first edition stored: no change to show.")
        if summary.first_edition
        else _("Change: against the same figure, measured the same way, in the latest earlier edition that reports it.")
    )
    explained = _(
        "As the newsletter states them, repeats left out. Progress: the figure as a share of its target, where the "
        "target is one number."
    )
    st.caption(f"{explained} {change}")
    figure_table(
        table,
        column_config={PROGRESS: progress_column(), "Source quote": st.column_config.TextColumn(width="large")},
        pin="Indicator",
    )
    download_csv(table, f"donor_{summary.donor_id}_{summary.edition}.csv", key="download_donor_results")


def donors_overview(links: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Each donor, how many programmes it is linked to, and which (with the relation where it is not funding)."""
    notes = links["relation"].map(relation_note)
    labelled = links.assign(
        Donor=links["donor_id"].map(catalogue.donor),
        programme=[
            data_text(catalogue.programme(p)) + (f" ({note})" if note else "")
            for p, note in zip(links["programme_id"], notes, strict=True)
        ],
    )
    return (
        labelled.groupby("Donor")
        .agg(Programmes=("programme", "size"), Funds=("programme", lambda names: ", ".join(sorted(names))))
        .reset_index()
        .sort_values(["Programmes", "Donor"], ascending=[False, True])
    )


page = start_page(needs=("donors", "programme_donors"))
catalogue = page.data.catalogue
donor_names = dict(catalogue.donors)

st.title(_("Donors"))
st.caption(_("What each donor funds, and every figure the newsletter gives for those programmes, with its source."))

ordered = sorted(donor_names, key=lambda d: donor_names[d].lower())
default = "ear" if "ear" in donor_names else ordered[0]
donor = synced_choice(_("Donor"), ordered, "donor", default, format_func=lambda d: donor_names[d])
summary = donor_summary(page.data, donor, page.edition)

count = len(summary.programmes)
st.subheader(
    ngettext(
        "%(donor)s: %(count)s programme",
        "%(donor)s: %(count)s programmes",
        count,
        donor=md_text(summary.name),
        count=format_number(count),
    )
)
for link in summary.programmes:
    st.markdown(
        f"- **{md_text(data_text(link.short_name))}** ({md_text(relation_word(link.relation))}) — "
        f"“{md_text(link.source_quote)}”"
    )

language = current()  # Streamlit makes a download later, on a thread of its own where this run's language is not set
# Made only when clicked (a callable), from every readable table and the summary shown here.
st.download_button(
    _("Download brief (PDF)"),
    data=lambda: donor_brief(
        page.data.tables, donor, page.edition, page.data.version, summary=summary, language=language
    ),
    file_name=f"brief-{donor}-{page.edition}{language_suffix()}.pdf",
    mime="application/pdf",
    key=f"download_brief_{donor}_{page.edition}",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)
st.caption(
    _(
        "The brief is an A4 page, for printing and e-mail; on a phone it opens in the phone's PDF viewer, where it "
        "reads zoomed in. This page says the same, from the same summary, at any width: the targets, every "
        "indicator with its source, and what the donor funds."
    )
)

if not summary.results:
    st.info(_("This edition reports no figures for these programmes."))
else:
    # Kept with the dataset: its words took a third of the Donors page's time under load, on every rerun.
    results = page.data.derive(
        ("donor results", donor, page.edition), lambda: results_table(summary, catalogue, page.names)
    )
    show_targets(results)
    show_results(summary, results)

st.subheader(_("All donors and what they fund"))
overview = page.data.derive(("donors overview",), lambda: donors_overview(page.tables["programme_donors"], catalogue))
figure_table(overview)
st.download_button(
    _("Download CSV"),
    lambda: csv_bytes(overview),  # written only when clicked
    file_name="donors_and_programmes.csv",
    mime="text/csv",
    key="download_donor_overview",
    icon=":material/download:",
    on_click="ignore",
)
