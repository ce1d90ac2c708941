"""Donors: every programme a donor funds, with all their indicators, and a donor x programme overview."""

import streamlit as st

from lib.briefs.brief import donor_brief
from lib.presenting.export import csv_bytes
from lib.presenting.text import md_text
from ui.page import start_page
from ui.state import synced_choice
from ui.widgets import show_figures

page = start_page(needs=("donors", "programme_donors"))
donors, links, programmes = page.tables["donors"], page.tables["programme_donors"], page.tables["programmes"]
donor_names = dict(zip(donors["donor_id"], donors["name"]))
programme_names = dict(zip(programmes["programme_id"], programmes["short_name"]))

st.title("Donors")
st.caption("What each donor funds, and every figure the newsletter gives for those programmes, with its source.")

ordered = sorted(donor_names, key=lambda d: donor_names[d].lower())
default = "ear" if "ear" in donor_names else ordered[0]
donor = synced_choice("Donor", ordered, "donor", default, format_func=lambda d: donor_names[d])

funded = links.loc[links["donor_id"] == donor]
relations = {"funding": "funds", "expected": "expected donation", "sponsor": "sponsors"}
st.subheader(f"{md_text(donor_names[donor])}: {len(funded)} programme{'s' if len(funded) != 1 else ''}")
for _, link in funded.iterrows():
    st.markdown(
        f"- **{md_text(programme_names.get(link['programme_id'], link['programme_id']))}** "
        f"({md_text(relations.get(link['relation'], link['relation']))}) — “{md_text(link['source_quote'])}”"
    )

# Made only when clicked (a callable), from every readable table: the brief also maps and dates.
st.download_button(
    "Download brief (PDF)",
    data=lambda: donor_brief(page.data.tables, donor, page.edition, page.data.version),
    file_name=f"brief-{donor}-{page.edition}.pdf",
    mime="application/pdf",
    key=f"download_brief_{donor}_{page.edition}",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)

rows = page.figures.loc[page.figures["programme"].isin(funded["programme_id"]) & (page.figures["restates"] == "")]
# A figure the newsletter reports for one donor's part of a programme belongs to that donor only.
rows = rows.loc[(rows["donor"] == "") | (rows["donor"] == donor)]
if rows.empty:
    st.info("This edition reports no figures for these programmes.")
else:
    st.markdown(f"**Indicators — {len(rows)} figures** (targets appear with the basis *target*)")
    show_figures(page.data, rows, f"donor_{donor}_{page.edition}")

st.subheader("All donors and what they fund")
labelled = links.assign(
    Donor=links["donor_id"].map(lambda d: donor_names.get(d, d)),
    programme=[
        programme_names.get(p, p) + ("" if r == "funding" else f" ({relations.get(r, r)})")
        for p, r in zip(links["programme_id"], links["relation"])
    ],
)
overview = (
    labelled.groupby("Donor")
    .agg(Programmes=("programme", "size"), Funds=("programme", lambda names: ", ".join(sorted(names))))
    .reset_index()
    .sort_values(["Programmes", "Donor"], ascending=[False, True])
)
st.dataframe(overview, hide_index=True, width="stretch")
st.download_button(
    "Download CSV",
    csv_bytes(overview),
    file_name="donors_and_programmes.csv",
    mime="text/csv",
    key="download_donor_overview",
    icon=":material/download:",
    on_click="ignore",
)
