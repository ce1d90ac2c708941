"""The house rules: ``lib/`` never imports Streamlit, and every page is in the one registry."""

from __future__ import annotations

import ast
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from lib.presenting.pages import PAGES, page, url_path
from tests.conftest import ROOT

LIB_FILES = sorted((ROOT / "lib").rglob("*.py"))
LIB_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for path in LIB_FILES
)


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_lib_never_imports_streamlit_or_the_ui():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & {"streamlit", "ui"}) for path in LIB_FILES
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_every_lib_module_loads_no_streamlit():
    """Also catches an import hidden in a function or pulled in through another package."""
    code = (
        "import importlib, sys\n"
        f"for name in {LIB_MODULES!r}:\n    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_page_file_is_registered_once_and_every_registered_page_exists():
    files = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "app_pages").glob("*.py") if path.name != "__init__.py"
    )
    assert sorted(spec.file for spec in PAGES) == files
    assert len({spec.key for spec in PAGES}) == len(PAGES) and sum(spec.default for spec in PAGES) == 1
    assert url_path(page("overview")) == "" and url_path(page("map")) == "map"


def test_the_navigation_is_built_from_the_registry():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    for spec in PAGES:
        at.switch_page(spec.file).run()
        assert not at.exception, (spec.key, [e.value for e in at.exception])
        assert at.title[0].value.startswith(spec.heading), (spec.key, at.title[0].value)


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 60
CODE_FOLDERS = ("lib", "ui", "app_pages")


def _code_files():
    files = [path for folder in CODE_FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))]
    return files + [ROOT / "app.py", ROOT / "serve.py"]


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _code_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
            ):
                long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}


def test_every_lib_package_says_what_it_holds():
    packages = sorted(path.parent for path in (ROOT / "lib").glob("*/__init__.py"))
    assert len(packages) >= 5
    for init in packages:
        doc = ast.get_docstring(ast.parse((init / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 15, (
            f"{init.name}/__init__.py needs a paragraph saying what the package holds"
        )


def test_lib_has_no_loose_modules_but_the_commands_people_run_and_paths():
    loose = sorted(path.name for path in (ROOT / "lib").glob("*.py"))
    assert loose == ["__init__.py", "auth.py", "brief.py", "editions.py", "extract.py", "paths.py", "validate.py"]


def test_only_lib_paths_works_out_where_the_repository_is():
    """A module that finds data/ or geo/ from its own place breaks when it moves into a package."""
    climbing = {
        str(path.relative_to(ROOT))
        for path in LIB_FILES + sorted((ROOT / "ui").glob("*.py"))
        if ".parent.parent" in (text := path.read_text(encoding="utf-8")) or "parents[" in text
    }
    assert climbing == {"lib/paths.py"}
