"""Loading: typed tables, once; a broken table is left out without taking the others down."""

from __future__ import annotations

from lib.dataset.data import data_version, load
from tests.conftest import DATA_DIR


def test_tables_are_typed_as_the_schema_declares(dataset):
    figures = dataset.table("figures")
    assert figures["value"].dtype == float
    assert figures["value_max"].isna().sum() > 0
    assert figures["country"].map(type).eq(str).all()
    germany = figures[(figures["country"] == "DEU") & (figures["indicator"] == "returnees")]
    assert germany["value"].tolist() == [310.0]


def test_every_figure_has_a_source(dataset):
    figures = dataset.table("figures")
    assert (figures["source_quote"].str.len() > 0).all() and (figures["source_section"].str.len() > 0).all()


def test_counts(dataset):
    assert len(dataset.table("figures")) >= 170
    assert len(dataset.table("programmes")) >= 20
    assert len(dataset.table("municipalities")) == 30
    assert len(dataset.table("regions")) == 7
    assert not dataset.checks.empty


def test_a_broken_table_is_left_out_and_the_others_load(data_copy):
    (data_copy / "donors.csv").write_bytes(b"\x00\x01binary")
    dataset = load(data_copy)
    assert dataset.table("donors") is None
    assert dataset.table("figures") is not None and dataset.table("indicators") is not None
    assert [p.file for p in dataset.problems_for("donors")] == ["donors.csv"]
    assert dataset.problems_for("indicators") == []


def test_a_missing_descriptor_gives_a_problem_not_an_exception(tmp_path):
    dataset = load(tmp_path)
    assert dataset.tables == {} and dataset.problems[0].file == "datapackage.json"


def test_the_app_loads_once_until_a_file_changes(data_copy, monkeypatch):
    import streamlit as st

    import ui.state

    st.cache_resource.clear()
    monkeypatch.setenv(ui.state.DATA_DIR_VARIABLE, str(data_copy))
    calls: list[str] = []
    monkeypatch.setattr(ui.state, "load", lambda folder: calls.append(str(folder)) or load(folder))
    first, again = ui.state.dataset(), ui.state.dataset()
    assert len(calls) == 1 and again is first  # one shared copy, not a load per rerun
    before = data_version(data_copy)
    path = data_copy / "donors.csv"
    path.write_text(path.read_text(encoding="utf-8") + "test_donor,Test donor,,\n", encoding="utf-8")
    assert data_version(data_copy) != before
    assert len(ui.state.dataset().table("donors")) == len(first.table("donors")) + 1
    assert len(calls) == 2


def test_values_derived_from_a_dataset_are_computed_once_per_key(data_copy):
    dataset = load(data_copy)
    calls: list[str] = []
    first = dataset.derive(("k", 1), lambda: calls.append("k1") or [1])
    assert dataset.derive(("k", 1), lambda: calls.append("again") or [2]) is first
    assert dataset.derive(("k", 2), lambda: calls.append("k2") or [3]) == [3]
    assert calls == ["k1", "k2"]
    assert load(data_copy).derive(("k", 1), lambda: [4]) == [4]  # a new dataset starts empty


def test_shipped_data_has_no_problems(dataset):
    assert dataset.problems == ()
    assert dataset.version == data_version(DATA_DIR)  # the version it was read at: a later edit gives another


def test_validation_is_remembered_per_content(data_copy, tmp_path, monkeypatch):
    """A restart with unchanged files skips Frictionless; any changed byte validates again."""
    import lib.dataset.data

    monkeypatch.setenv("IOM_VALIDATION_CACHE", str(tmp_path / "cache"))
    runs: list[str] = []
    real = lib.dataset.data.validate_package
    monkeypatch.setattr(lib.dataset.data, "validate_package", lambda folder: runs.append(str(folder)) or real(folder))
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",472,,,472,", ",-472,,,472,", 1), encoding="utf-8")
    broken = lib.dataset.data.validate_cached(data_copy)
    assert [p.column for p in broken] == ["value"] and len(runs) == 1
    assert lib.dataset.data.validate_cached(data_copy) == broken and len(runs) == 1  # remembered, problems and all
    path.write_text(path.read_text(encoding="utf-8").replace(",-472,", ",472,", 1), encoding="utf-8")
    assert lib.dataset.data.validate_cached(data_copy) == [] and len(runs) == 2  # content changed: validated again
    for stored in (tmp_path / "cache").glob("*.json"):
        stored.write_text("not json")  # a damaged cache entry is ignored, never trusted
    assert lib.dataset.data.validate_cached(data_copy) == [] and len(runs) == 3
    monkeypatch.setenv("IOM_VALIDATION_CACHE", "off")
    lib.dataset.data.validate_cached(data_copy)
    assert len(runs) == 4
