"""A newsletter's proof checked against the data: every number it states, and the checks on its figures.

The stored edition's own sentences are the frames when the edition is stored; before it is, the newsletter is
checked against its own draft (nothing to compare with, but the consistency checks still run).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib.dataset.checks import CheckStatus, run_checks
from lib.i18n import _
from lib.newsletters.blocks import Newsletter
from lib.newsletters.drafts import cell, draft, draft_from_store, figures_frame
from lib.newsletters.periods import default_period, period_of
from lib.newsletters.wording import number_text


@dataclass
class CheckReport:
    """What checking a newsletter found: each number's status, contradictions, stored figures it does not state."""

    edition: str
    against: str  # "stored" or "draft"
    # Each number: equal / different / not in the data, or drafted.
    numbers: list[dict[str, str]] = field(default_factory=list)
    contradictions: pd.DataFrame = field(default_factory=pd.DataFrame)
    not_stated: list[dict[str, str]] = field(default_factory=list)  # stored figures the newsletter does not state

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row["status"] for row in self.numbers]
        return {status: statuses.count(status) for status in ("equal", "different", "not in the data", "drafted")}

    def summary(self) -> str:
        """'180 equal, 2 different, 44 not in the data, 0 contradiction(s), 3 stored figure(s) not stated', in the
        reader's language."""
        counts = {
            "equal": self.counts["equal"],
            "different": self.counts["different"],
            "drafted": self.counts["drafted"],
            "missing": self.counts["not in the data"],
            "contradictions": len(self.contradictions),
            "not_stated": len(self.not_stated),
        }
        written = {name: number_text(count, grouped=False) for name, count in counts.items()}
        if self.against == "stored":
            return _(
                "%(equal)s equal, %(different)s different, %(missing)s not in the data, %(contradictions)s "
                "contradiction(s), %(not_stated)s stored figure(s) not stated",
                **written,
            )
        return _(
            "%(drafted)s drafted (nothing stored to compare with), %(missing)s not in the data, %(contradictions)s "
            "contradiction(s), %(not_stated)s stored figure(s) not stated",
            **written,
        )

    @property
    def failed(self) -> bool:
        return self.counts["different"] > 0 or len(self.contradictions) > 0


def _same_value(a: dict, b: dict) -> bool:
    def number(value: object) -> float | None:
        text = cell(value)
        return float(text) if text else None

    return all(number(a.get(c)) == number(b.get(c)) for c in ("value", "value_max", "denominator"))


def check(newsletter: Newsletter, tables: dict[str, pd.DataFrame], edition: str) -> CheckReport:
    """Every number of a newsletter against the stored edition (or its own draft, if the edition is not stored yet),
    then the consistency checks on the figures as drafted."""
    figures = tables["figures"]
    stored = figures.loc[figures["edition"] == edition]
    if len(stored):  # the stored edition's own sentences are the frames: each number meets the figure it should state
        period = period_of(tables.get("editions"), edition) or default_period(edition)
        drafted = draft(newsletter, stored, edition, period, period, tables)
    else:
        drafted = draft_from_store(newsletter, tables, edition)
    report = CheckReport(edition=edition, against="stored" if len(stored) else "draft")
    by_id = {str(f["figure_id"]): f for f in stored.to_dict("records")}
    seen = set()
    for row in drafted.rows:
        found = by_id.get(row["continues"]) if len(stored) else row
        seen.add(row["continues"])
        if not len(stored):
            status = "drafted"  # an edition not stored yet: there is nothing to compare with, only the checks below
        else:
            status = "not in the data" if found is None else ("equal" if _same_value(row, found) else "different")
        report.numbers.append(
            {
                "status": status,
                "written": row["value_as_written"],
                "sentence": row["source_quote"],
                "section": row["source_section"],
                "stored_figure": "" if found is None else cell(found["figure_id"]),
                "stored_value": "" if found is None else cell(found["value_as_written"]),
                "stored_sentence": "" if found is None else cell(found["source_quote"]),
            }
        )
    for number in drafted.unmatched:
        report.numbers.append(
            {
                "status": "not in the data",
                "written": number["written"],
                "sentence": number["sentence"],
                "section": number["source_section"],
                "stored_figure": "",
                "stored_value": "",
                "stored_sentence": "",
            }
        )
    report.not_stated = [
        {str(k): cell(v) for k, v in f.items()} for f in stored.to_dict("records") if f["figure_id"] not in seen
    ]
    others = figures.loc[figures["edition"] < edition]
    # Against a stored edition, the checks run on its figures as the text states them; a number only read for its
    # meaning (no stored figure) is reported above as not in the data, and not counted twice in a total's parts.
    checked = [row for row in drafted.rows if row["continues"]] if len(stored) else drafted.rows
    checks = run_checks(pd.concat([others, figures_frame(checked)], ignore_index=True))
    report.contradictions = checks.loc[(checks["edition"] == edition) & (checks["status"] == CheckStatus.INCONSISTENT)]
    return report
