"""Accessibility in the browser: axe-core on every page, and the sidebar and edition picker by keyboard alone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from lib.presenting.pages import PAGES, url_path
from tests.e2e.conftest import open_page, rerun

BLOCKING = ("serious", "critical")


def violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as drawn, one line each with where."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [
                ", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                for node in violation["nodes"][:3]
            ]
            found.append(f"{violation['impact']} {violation['id']}: {violation['help']} — {targets}")
    return found


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_no_serious_or_critical_axe_violation(page: Page, app_server, spec) -> None:
    open_page(page, app_server, url_path(spec))
    expect(page.locator("h1").first).to_contain_text(spec.heading)
    assert violations(page) == []


def test_the_sidebar_and_the_edition_picker_work_by_keyboard(page: Page, app_server) -> None:
    open_page(page, app_server, "")
    # Tab from the top of the page until a sidebar link has the focus, then follow it with Enter.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement && document.activeElement.closest('[data-testid=stSidebarNav]') !== null"
        ):
            break
    else:
        pytest.fail("no sidebar link takes the keyboard focus")
    for _ in range(5):  # on to the Returns link, by keyboard
        if page.evaluate("document.activeElement.innerText").strip().endswith("Returns"):  # after its icon's name
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText").strip().endswith("Returns")
    rerun(page, lambda: page.keyboard.press("Enter"))
    expect(page.locator("h1").first).to_contain_text("Returns")
    # The edition picker: reached with Tab, opened with the arrow key, an edition chosen with Enter.
    picker = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Edition")
    picker.focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="November 2004")).to_be_visible()
    page.keyboard.press("Enter")  # the edition shown already: choosing it again does not rerun the page
    expect(page.get_by_role("option", name="November 2004")).to_have_count(0)  # the list closed on Enter
    expect(picker).to_have_value("November 2004")
    expect(page.locator("h1").first).to_contain_text("Returns")
