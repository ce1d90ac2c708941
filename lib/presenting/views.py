"""Tables that pages show, derived from an edition's figures: pure functions, no Streamlit.

Pages call them through ``ui.state.view``, which keeps each result with the dataset it was derived from (and the
language: the words in the tables are the reader's, ``lib.i18n``).
"""

from __future__ import annotations

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.places import Gazetteer
from lib.i18n import N_, _, ngettext, translated
from lib.i18n.active import data_text
from lib.presenting.formats import format_number, month_label, unit_of
from lib.presenting.present import (
    area_name,
    basis_label,
    chart_table,
    coded_word,
    format_value,
    pick,
    place_name,
    records,
)
from lib.presenting.themes import THEMES

NOT_ITEMISED_LABEL = N_("not itemised")
CSP_KINDS = {"community": N_("community projects"), "individual": N_("individual projects")}


def phase_area_label(phase: str, area: str, status: str = "") -> str:
    """'CSP I · northern Kosovo', and what is counted where the figures say: 'CSP II north · approved' (short,
    for a chart axis)."""
    if not status:
        return _("CSP %(phase)s · %(area)s", phase=phase, area=area_name(area))
    return _(
        "CSP %(phase)s %(area)s · %(status)s",
        phase=phase,
        area=data_text(area.replace("_", " ")),
        status=data_text(status.replace("_", " ")),
    )


def _series(code: str) -> str:
    """A CSP split's segment: 'community projects' for a group, the sector's code (its word in another language)."""
    return translated(CSP_KINDS[code]) if code in CSP_KINDS else coded_word(code)


def csp_split(figures: pd.DataFrame, tables: dict[str, pd.DataFrame], by: str) -> pd.DataFrame:
    """Each CSP phase/area total split by ``by`` (sector or group), with the part the newsletter does not itemise.

    Each total's parts count what it counts (the same status): approved projects are split among approved ones.
    """
    frames = []
    totals = pd.concat(
        [
            pick(figures, "csp", "projects", "cumulative", by=("phase", "area")),
            pick(figures, "csp", "projects", "cumulative", by=("phase", "area", "status")),
        ]
    )
    for total in records(totals):
        label = phase_area_label(total["phase"], total["area"], total["status"])
        parts = pick(
            figures,
            "csp",
            "projects",
            "cumulative",
            by=by,
            phase=total["phase"],
            area=total["area"],
            **({"status": total["status"]} if total["status"] else {}),
        )
        parts = parts.assign(series=[_series(code) for code in parts[by]])
        table = chart_table(parts, [label] * len(parts), "projects", pd.Series(total), keep=("series",))
        table.loc[table["is_remainder"], ["label", "series"]] = [label, translated(NOT_ITEMISED_LABEL)]
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


PARTS_VS_TOTAL = "parts_vs_total"  # the checks' ``kind`` of a stated total against its parts (``lib.dataset.checks``)
# The fields of a check that ``phase_area_checks`` reads, or a page shows.
CHECK_FIELDS = [
    "programme",
    "kind",
    "total_figure_id",
    "total_value",
    "part_figure_ids",
    "parts_sum",
    "status",
    "message",
]


def phase_area_checks(checks: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The checks of CSP's stated project total against its totals per phase and area, for the edition of
    ``figures``: found by their fields (programme, kind, and the figures they compare: a total with no phase
    or area, parts with both), never by their wording. No rows (with the checks' columns) where there are no
    checks."""
    if checks.empty:
        return pd.DataFrame(columns=checks.columns if len(checks.columns) else CHECK_FIELDS)
    kinds = {
        figure_id: (indicator, bool(phase), bool(area))
        for figure_id, indicator, phase, area in zip(
            figures["figure_id"], figures["indicator"], figures["phase"], figures["area"], strict=True
        )
    }

    def per_phase_and_area(check: dict) -> bool:
        parts = [kinds.get(part) for part in str(check["part_figure_ids"]).split(";") if part]
        return (
            kinds.get(check["total_figure_id"]) == ("projects", False, False)
            and bool(parts)
            and all(part == ("projects", True, True) for part in parts)
        )

    rows = checks.loc[(checks["programme"] == "csp") & (checks["kind"] == PARTS_VS_TOTAL)]
    return rows.loc[[per_phase_and_area(check) for check in records(rows)]]


# ----- Maps
# Programme areas the newsletter names as one, and the places they cover.
AREA_PLACES = {"magure_moravska": ("magure", "moravska"), "zhupa_valley": ("zhupa",)}
MAP_COLUMNS = ["code", "name", "value", "value_text", "detail"]
SITE_COLUMNS = ["place_id", "lon", "lat", "theme", "people", "label", "programmes", "detail", "location"]


def _detail(figure: dict, unit: str = "") -> str:
    return _(
        "%(value)s (%(basis)s) — “%(quote)s”",
        value=format_value(pd.Series(figure), unit),
        basis=basis_label(pd.Series(figure)),
        quote=figure["source_quote"],
    )


def region_values(
    figures: pd.DataFrame, tables: dict[str, pd.DataFrame], programme: str, indicator: str, basis: str
) -> pd.DataFrame:
    """One indicator by district, for a choropleth: code, name, value, the figure in words, its source."""
    unit = unit_of(tables.get("indicators"), indicator)
    regions = tables.get("regions")
    names = (
        {} if regions is None else {r["region_id"]: place_name(r["name_sq"], r["name_sr"]) for r in records(regions)}
    )
    rows = [
        {
            "code": f["region"],
            "name": names.get(f["region"], f["region"]),
            "value": float(f["value"]),
            "value_text": format_value(pd.Series(f), unit),
            "detail": _detail(f, unit),
        }
        for f in records(pick(figures, programme, indicator, basis, by="region"))
    ]
    return pd.DataFrame(rows, columns=MAP_COLUMNS)


def selected_programmes(
    tables: dict[str, pd.DataFrame], theme: str = "", programme: str = "", donor: str = ""
) -> list[str]:
    """Programme ids left by the map's filters (empty filter: all)."""
    programmes = tables["programmes"]
    chosen = programmes.loc[(programmes["theme"] == theme) if theme else programmes["programme_id"].notna()]
    ids = list(chosen["programme_id"])
    if programme:
        ids = [p for p in ids if p == programme]
    if donor and tables.get("programme_donors") is not None:
        links = tables["programme_donors"]
        funded = set(links.loc[links["donor_id"] == donor, "programme_id"])
        ids = [p for p in ids if p in funded]
    return ids


def programme_places(
    figures: pd.DataFrame, tables: dict[str, pd.DataFrame], programme: str
) -> tuple[set[str], set[str], list[str]]:
    """Where a programme works: place ids, municipality codes, and location names that could not be resolved."""
    rows = figures.loc[figures["programme"] == programme]
    place_ids = {p for p in rows["place"] if p}
    for area in rows["area"]:
        place_ids |= set(AREA_PLACES.get(area, ()))
    municipalities = {m for m in rows["municipality"] if m}
    gazetteer = Gazetteer(tables.get("places"), tables.get("municipalities"), tables.get("regions"), tables.get("aors"))
    locations = tables["programmes"].set_index("programme_id").loc[programme, "locations"]
    unknown = []
    for name in [n.strip() for n in str(locations).split(";") if n.strip()]:
        resolved = gazetteer.resolve(without_bracketed_note(name))
        if resolved is None or resolved.kind in ("region", "aor"):
            unknown.append(name)  # "Kosovo", "northern Kosovo", a whole district: not one municipality
        elif resolved.kind == "place":
            place_ids.add(resolved.id)
        else:
            municipalities.add(resolved.id)
    places = tables.get("places")
    if places is not None:
        located = places.set_index("place_id")["municipality_id"]
        municipalities |= {located[p] for p in place_ids if p in located.index}
    return place_ids, municipalities, unknown


def without_bracketed_note(name: str) -> str:
    """'Ljevosa/Ljevoša (Pejë/Peć)' → 'Ljevosa/Ljevoša'."""
    return name.split(" (")[0].strip()


def _joined(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def programme_category(programme_ids: list[str], tables: dict[str, pd.DataFrame], by_theme: bool) -> str:
    """What works in a municipality, as a map colours it: the programmes' themes ('Returns programmes', 'Returns and
    stabilisation programmes', 'Programmes of 3 themes') where the selection spans several themes, else the
    programmes themselves ('CSP', 'CSP and SEDMIN', '3 programmes')."""
    catalogue = Catalogue.of(tables)
    if by_theme:
        order = list(THEMES)
        themes = sorted(
            {catalogue.programme_themes.get(p, "") for p in programme_ids},
            key=lambda t: (order.index(t) if t in order else len(order), t),
        )
        named = [translated(THEMES[t].name) if t in THEMES else str(t) for t in themes]
        if len(named) > 2:  # the singular is never said: a theme's own programmes are named by it
            count = format_number(len(named))
            return ngettext("Programmes of %(count)s theme", "Programmes of %(count)s themes", len(named), count=count)
        return _("%(themes)s programmes", themes=_joined([named[0]] + [n.lower() for n in named[1:]]))
    names = sorted(data_text(catalogue.programme(p)) for p in programme_ids)
    if len(names) <= 2:
        return _joined(names)
    return ngettext("%(count)s programme", "%(count)s programmes", len(names), count=format_number(len(names)))


def programmes_by_municipality(
    figures: pd.DataFrame, tables: dict[str, pd.DataFrame], theme: str = "", programme: str = "", donor: str = ""
) -> pd.DataFrame:
    """How many of the selected programmes work in each municipality, and which; ``category`` says which for a map's
    colours (``programme_category``: by theme where the selection spans several themes, else by programme)."""
    catalogue = Catalogue.of(tables)
    names = {code: data_text(name) for code, name in catalogue.programmes.items()}
    selected = selected_programmes(tables, theme, programme, donor)
    by_theme = len({catalogue.programme_themes.get(p, "") for p in selected}) > 1
    active: dict[str, list[str]] = {}
    for programme_id in selected:
        for code in programme_places(figures, tables, programme_id)[1]:
            active.setdefault(code, []).append(programme_id)
    municipalities = tables.get("municipalities")
    labels = (
        {}
        if municipalities is None
        else {r["municipality_id"]: place_name(r["name_sq"], r["name_sr"]) for r in records(municipalities)}
    )
    rows = []
    for code, ids in sorted(active.items()):
        progs = [names.get(p, p) for p in ids]
        count = format_number(len(progs))
        rows.append(
            {
                "code": code,
                "name": labels.get(code, code),
                "value": float(len(progs)),
                "value_text": ngettext("%(count)s programme", "%(count)s programmes", len(progs), count=count),
                "detail": ngettext(
                    "%(count)s programme: %(names)s",
                    "%(count)s programmes: %(names)s",
                    len(progs),
                    count=count,
                    names=", ".join(sorted(progs)),
                ),
                "category": programme_category(ids, tables, by_theme),
            }
        )
    return pd.DataFrame(rows, columns=[*MAP_COLUMNS, "category"])


def sites(
    figures: pd.DataFrame, tables: dict[str, pd.DataFrame], theme: str = "", programme: str = "", donor: str = ""
) -> pd.DataFrame:
    """Located places where the selected programmes work, with what the newsletter reports there."""
    places = tables.get("places")
    if places is None:
        return pd.DataFrame(columns=SITE_COLUMNS)
    catalogue = Catalogue.of(tables)
    themes = catalogue.programme_themes
    names = {code: data_text(name) for code, name in catalogue.programmes.items()}

    def unit(indicator: str) -> str:
        return catalogue.units.get(indicator, "")

    at_place: dict[str, list[str]] = {}
    for programme_id in selected_programmes(tables, theme, programme, donor):
        for place_id in programme_places(figures, tables, programme_id)[0]:
            at_place.setdefault(place_id, []).append(programme_id)
    rows = []
    for place in records(places):
        programme_ids = at_place.get(place["place_id"])
        if not programme_ids or place["location"] == "not_located":
            continue
        stated = figures.loc[
            (figures["place"] == place["place_id"])
            & (figures["restates"] == "")
            & figures["programme"].isin(programme_ids)
        ]
        people = [
            float(f["value"])
            for f in records(stated)
            if f["basis"] not in ("target", "projection") and unit(f["indicator"]) == "people"
        ]
        details = [
            f"{names.get(f['programme'], f['programme'])}: {_detail(f, unit(f['indicator']))}"
            for f in records(stated)[:3]
        ]
        label = place_name(place["name_sq"], place["name_sr"], place["name_en"])
        if place["location"] != "exact":
            label = _("%(place)s (location approximate: the city point)", place=label)
        rows.append(
            {
                "place_id": place["place_id"],
                "lon": float(place["lon"]),
                "lat": float(place["lat"]),
                "theme": themes.get(programme_ids[0], ""),
                "people": max(people) if people else None,
                "label": label,
                "programmes": ", ".join(names.get(p, p) for p in programme_ids),
                "detail": " · ".join([", ".join(names.get(p, p) for p in programme_ids)] + details),
                "location": place["location"],
            }
        )
    return pd.DataFrame(rows, columns=SITE_COLUMNS)


TREND_COLUMNS = ["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]


def trend_table(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """A series' figures, one per edition, as ``charts.trend_line`` takes them: the month, the value in words,
    its basis and its source. The Overview and the edition brief draw the same table."""
    table = rows.assign(
        label=rows["edition"].map(month_label),
        order=range(len(rows)),
        value_text=[format_value(r, unit) for _index, r in rows.iterrows()],
        basis_text=[basis_label(r) for _index, r in rows.iterrows()],
    )
    return table[TREND_COLUMNS]
