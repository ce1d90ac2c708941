"""The page registry: every page of the dashboard, once. Pure data, no Streamlit.

``app.py`` builds the navigation from it, the overview its links, and the tests and the
benchmark their page lists. Adding a page is one file under ``app_pages/`` and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # the page's URL path; the default page is also served at "/"
    file: str  # its script, relative to the repository root
    title: str  # in the navigation
    heading: str  # the start of its h1, as a reader sees it
    icon: str
    about: str = ""  # a line for the overview's "Explore" list; empty: not listed there
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview", "app_pages/overview.py", "Overview", "IOM Kosovo at a glance", ":material/dashboard:", default=True
    ),
    PageSpec(
        "returns",
        "app_pages/returns.py",
        "Returns",
        "Returns",
        ":material/flight_land:",
        "by country, mode and region; reintegration programmes",
    ),
    PageSpec(
        "stabilisation",
        "app_pages/stabilisation.py",
        "Stabilisation & enterprise",
        "Community stabilisation & enterprise",
        ":material/storefront:",
        "CSP and SEDMIN projects, KPC Trust Fund, EAS, KTI",
    ),
    PageSpec(
        "counter-trafficking",
        "app_pages/counter_trafficking.py",
        "Counter-trafficking",
        "Counter-trafficking",
        ":material/shield_person:",
        "trainings, victims assisted, NGO network",
    ),
    PageSpec(
        "health",
        "app_pages/health.py",
        "Migration health",
        "Migration health",
        ":material/medical_services:",
        "Swedish Medical Team, evacuations, assessments",
    ),
    PageSpec("map", "app_pages/map.py", "Map", "Where IOM works", ":material/map:"),
    PageSpec(
        "donors",
        "app_pages/donors.py",
        "Donors",
        "Donors",
        ":material/handshake:",
        "what each donor funds, with every indicator",
    ),
    PageSpec(
        "data",
        "app_pages/data_sources.py",
        "Data & sources",
        "Data & sources",
        ":material/dataset:",
        "every table, the consistency checks, how to cite",
    ),
)
BY_KEY: dict[str, PageSpec] = {page.key: page for page in PAGES}


def page(key: str) -> PageSpec:
    """The page registered under ``key``; a KeyError names the unknown key."""
    return BY_KEY[key]


def url_path(spec: PageSpec) -> str:
    """Where a browser opens the page: '' for the default page, else its key."""
    return "" if spec.default else spec.key
