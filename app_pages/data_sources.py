"""Data & sources: every table, the consistency checks, how the data is made and how to cite it."""

from functools import partial

import pandas as pd
import streamlit as st

from lib.dataset.checks import STATUSES
from lib.dataset.csvtext import problem_line
from lib.i18n import LANGUAGES, N_, _, current, ngettext, translated
from lib.i18n.extract import untranslated_rows
from lib.presenting.export import FIGURE_HXL, csv_bytes
from lib.presenting.formats import format_number
from lib.presenting.present import edition_label, status_word
from lib.presenting.text import md_text
from ui.draft_tab import check_panel
from ui.import_tab import import_tab
from ui.state import current_edition, dataset, synced_choice
from ui.widgets import figure_table

data = dataset()
st.title(_("Data & sources"))
st.caption(_("Every table behind the dashboard, as validated against data/datapackage.json."))

if data.problems:
    broken = sorted({problem.file for problem in data.problems})
    st.error(
        ngettext(
            "%(count)s problem(s) were found in %(files)s; the tables they affect are left out below.",
            "%(count)s problem(s) were found in %(files)s; the tables they affect are left out below.",
            len(data.problems),
            count=format_number(len(data.problems)),
            files=md_text(", ".join(f"data/{name}" for name in broken)),
        )
    )
    st.code("\n".join(problem_line(p) for p in data.problems[:30]), language=None)

TABLE_TITLES = {  # what each file holds, in words; its name beside it (the CSV's name stays as it is)
    "figures": N_("Figures"),
    "programmes": N_("Programmes"),
    "indicators": N_("Indicators"),
    "donors": N_("Donors"),
    "programme_donors": N_("Who funds which programme"),
    "editions": N_("Editions"),
    "places": N_("Places"),
    "municipalities": N_("Municipalities"),
    "regions": N_("Regions"),
    "aors": N_("Areas of responsibility"),
    "news": N_("News in brief"),
    "corrections": N_("Corrections log"),
}


def table_title(name: str) -> str:
    """'Figures (figures.csv)'; a table the list does not know by its name alone."""
    return f"{translated(TABLE_TITLES[name])} ({name}.csv)" if name in TABLE_TITLES else name


tab_tables, tab_checks, tab_import, tab_newsletter, tab_about = st.tabs(
    [
        _("Tables"),
        _("Consistency checks"),
        _("Add or correct an edition"),
        _("Check a draft newsletter"),
        _("How it is made, how to cite"),
    ],
    key="data_sources_tabs",
)

with tab_tables:
    names = [name for name in data.files if data.table(name) is not None] or ["figures"]
    table_name = synced_choice(
        _("Table"), names, "table", "figures" if "figures" in names else names[0], format_func=table_title
    )
    table = data.table(table_name)
    if table is None:
        st.warning(_("data/%(file)s could not be read.", file=md_text(data.files.get(table_name, table_name + ".csv"))))
    else:
        if "edition" in table.columns:
            # One edition at a time by default: every edition at once can be thousands of rows.
            every = st.checkbox(
                _("All editions"),
                key="all_editions",
                help=_(
                    "Show the rows of every edition, not only %(edition)s's.",
                    edition=edition_label(current_edition()),
                ),
            )
            if not every:
                table = table.loc[table["edition"] == current_edition()]
        search = st.text_input(
            _("Filter rows containing"), key="table_filter", placeholder=_("e.g. Germany, CSP, 2004-11")
        )
        shown = table
        if search:
            mask = (
                table.astype(str).apply(lambda column: column.str.contains(search, case=False, regex=False)).any(axis=1)
            )
            shown = table.loc[mask]
        st.caption(
            ngettext(
                "%(shown)s of %(count)s row",
                "%(shown)s of %(count)s rows",
                len(table),
                shown=format_number(len(shown)),
                count=format_number(len(table)),
            )
        )
        numbers = {
            c: st.column_config.NumberColumn(format="localized")
            for c in shown.columns
            if pd.api.types.is_numeric_dtype(shown[c])
        }
        figure_table(shown, height=460, column_config=numbers, raw=True)  # the file's own column names
        with_hxl = st.checkbox(
            _("Add the HXL hashtag row"),
            key="with_hxl",
            disabled=table_name != "figures",
            help=_("Humanitarian Exchange Language tags under the header, for HXL tools."),
        )
        hxl = FIGURE_HXL if with_hxl and table_name == "figures" else None
        st.download_button(
            _("Download CSV"),
            partial(csv_bytes, shown, hxl),
            file_name=f"{table_name}.csv",
            mime="text/csv",
            key="download_table",
            icon=":material/download:",
            on_click="ignore",
        )
    if current() != "en":  # for the editor: catalogue rows added since the translations, shown in English
        missing = untranslated_rows(data.tables, current())
        language = LANGUAGES[current()]
        if missing:
            with st.expander(
                ngettext(
                    "%(count)s catalogue text has no %(language)s translation yet",
                    "%(count)s catalogue texts have no %(language)s translation yet",
                    len(missing),
                    count=format_number(len(missing)),
                    language=language,
                ),
                icon=":material/translate:",
                key="untranslated_rows",
            ):
                st.caption(
                    _(
                        "They are shown in English. Add their translations to locales/ (python -m lib.i18n update, "
                        "then translate, then python -m lib.i18n check); see docs/i18n.md."
                    )
                )
                headers = {"file": _("File"), "row": _("Row"), "column": _("Column"), "text": _("English text")}
                figure_table(pd.DataFrame(missing).rename(columns=headers))
        else:
            st.caption(_("Every catalogue text has its %(language)s translation.", language=language))

with tab_checks:
    # The messages in the reader's language; data.checks, shared with the summary and the briefs, stays English.
    every_check = data.checks_in_language()
    checks = every_check.loc[every_check["edition"] == current_edition()] if not every_check.empty else every_check
    if checks.empty:
        st.caption(_("No checks could be run: the figures table is not available."))
    else:
        chosen = st.multiselect(
            _("Status"), list(STATUSES), default=list(STATUSES), format_func=status_word, key="check_status"
        )
        shown = checks.loc[checks["status"].isin(chosen)].assign(status=lambda c: c["status"].map(status_word))
        check_headers = {
            "edition": _("edition"),
            "programme": _("programme"),
            "kind": _("kind"),
            "subject": _("subject"),
            "status": _("status"),
            "message": _("message"),
            "total_figure_id": _("total figure"),
            "part_figure_ids": _("part figures"),
        }
        figure_table(
            shown[list(check_headers)],
            # Headed in the reader's language; in English the columns keep their names, as the CSV does.
            column_config=None if current() == "en" else {c: {"label": h} for c, h in check_headers.items()},
            pin="subject",
        )
        st.download_button(
            _("Download CSV"),
            partial(csv_bytes, shown),
            file_name="consistency_checks.csv",
            mime="text/csv",
            key="download_checks",
            icon=":material/download:",
            on_click="ignore",
        )

with tab_import:
    import_tab()

with tab_newsletter:
    st.markdown(
        _(
            "Before a newsletter goes to print: every number in it against the data, and the consistency checks on "
            "the figures it states. Nothing is stored."
        )
    )
    if data.table("figures") is None:
        st.caption(_("The figures table is not available."))
    else:
        check_panel(data)

with tab_about:
    editions = data.table("editions")
    st.markdown(
        _(
            "**How the data is made.** Each number the newsletter states is one row of `figures.csv`, entered by "
            "hand with the heading of its section and the words that state it, quoted verbatim. Nothing is rounded "
            "or corrected: where the newsletter contradicts itself the data keeps what it says, and the consistency "
            "checks show where. Ranges (15–20), hedges (over, about, nearly) and ratios (1 in 2) are kept as "
            "written. Automated tests check that every quote stands in the newsletter and states its figure, and "
            "that every number in the newsletter is captured."
        )
    )
    st.markdown(
        _(
            "**Validation.** `python -m lib.validate` checks every file against `datapackage.json` (a Frictionless "
            "Data Package): types, required fields, allowed values, keys and references between tables."
        )
    )
    corrections = data.table("corrections")
    st.markdown(
        _(
            "**Corrections.** A figure, once published here, is changed only with a line in the public corrections "
            "log (`corrections.csv`): when, which row and column, what it was and is, and why."
        )
    )
    if corrections is None:
        st.caption(_("The corrections log could not be read (data/corrections.csv)."))
    elif corrections.empty:
        st.caption(_("No published row has been changed."))
    else:
        st.caption(
            ngettext(
                "%(count)s change(s) to published rows, newest first.",
                "%(count)s change(s) to published rows, newest first.",
                len(corrections),
                count=format_number(len(corrections)),
            )
        )
        st.dataframe(  # the log's words as data in a table, never as Markdown
            corrections.sort_values("date", ascending=False, kind="stable"),
            hide_index=True,
            width="stretch",
            # What changed and why first; the values before and after, which may be long notes, last.
            column_order=["date", "table", "row_id", "column", "reason", "before", "after"],
            column_config={"reason": st.column_config.TextColumn("reason", width="large")},
        )
    if editions is not None:
        for _index, edition in editions.iterrows():
            st.markdown(
                _(
                    "**How to cite.** IOM Kosovo. *%(title)s*. Pristina: International Organization for Migration, "
                    "%(edition)s. Figures as compiled in the IOM Kosovo programme dashboard; cite the figure id with "
                    "each number.",
                    title=md_text(edition["title"]),
                    edition=md_text(edition_label(edition["edition_id"])),
                )
            )
