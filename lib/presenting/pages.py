"""The page registry: every page of the dashboard, once. Pure data, no Streamlit.

``app.py`` builds the navigation from it, the overview its links, and the tests and the
benchmark their page lists. Adding a page is one file under ``app_pages/`` and one line here.

``title``, ``heading`` and ``about`` are in English, marked for translation with ``N_``: whoever draws them
draws ``lib.i18n.translated(spec.title)`` (and so on), in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.i18n import N_


@dataclass(frozen=True)
class PageSpec:
    key: str  # the page's URL path; the default page is also served at "/"
    file: str  # its script, relative to the repository root
    title: str  # in the navigation (in English: drawn with ``translated``)
    heading: str  # the start of its h1, as a reader sees it (in English: drawn with ``translated``)
    icon: str
    about: str = ""  # a line for the overview's "Explore" list; empty: not listed there (drawn with ``translated``)
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "app_pages/overview.py",
        N_("Overview"),
        N_("IOM Kosovo at a glance"),
        ":material/dashboard:",
        default=True,
    ),
    PageSpec(
        "returns",
        "app_pages/returns.py",
        N_("Returns"),
        N_("Returns"),
        ":material/flight_land:",
        N_("by country, mode and region; reintegration programmes"),
    ),
    PageSpec(
        "stabilisation",
        "app_pages/stabilisation.py",
        N_("Stabilisation & enterprise"),
        N_("Community stabilisation & enterprise"),
        ":material/storefront:",
        N_("CSP and SEDMIN projects, KPC Trust Fund, EAS, KTI"),
    ),
    PageSpec(
        "counter-trafficking",
        "app_pages/counter_trafficking.py",
        N_("Counter-trafficking"),
        N_("Counter-trafficking"),
        ":material/shield_person:",
        N_("trainings, victims assisted, NGO network"),
    ),
    PageSpec(
        "health",
        "app_pages/health.py",
        N_("Migration health"),
        N_("Migration health"),
        ":material/medical_services:",
        N_("Swedish Medical Team, evacuations, assessments"),
    ),
    PageSpec("map", "app_pages/map.py", N_("Map"), N_("Where IOM works"), ":material/map:"),
    PageSpec(
        "donors",
        "app_pages/donors.py",
        N_("Donors"),
        N_("Donors"),
        ":material/handshake:",
        N_("what each donor funds, with every indicator"),
    ),
    PageSpec(
        "data",
        "app_pages/data_sources.py",
        N_("Data & sources"),
        N_("Data & sources"),
        ":material/dataset:",
        N_("every table, the consistency checks, how to cite"),
    ),
)
BY_KEY: dict[str, PageSpec] = {page.key: page for page in PAGES}


def page(key: str) -> PageSpec:
    """The page registered under ``key``; a KeyError names the unknown key."""
    return BY_KEY[key]


def url_path(spec: PageSpec) -> str:
    """Where a browser opens the page: '' for the default page, else its key."""
    return "" if spec.default else spec.key
