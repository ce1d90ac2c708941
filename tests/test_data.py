"""Loading: typed tables, once; a broken table is left out without taking the others down."""

from __future__ import annotations

import pandas as pd

from lib.data import fingerprint, load, load_uncached
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
    dataset = load_uncached(data_copy)
    assert dataset.table("donors") is None
    assert dataset.table("figures") is not None and dataset.table("indicators") is not None
    assert [p.file for p in dataset.problems_for("donors")] == ["donors.csv"]
    assert dataset.problems_for("indicators") == []


def test_a_missing_descriptor_gives_a_problem_not_an_exception(tmp_path):
    dataset = load_uncached(tmp_path)
    assert dataset.tables == {} and dataset.problems[0].file == "datapackage.json"


def test_load_is_cached_until_a_file_changes(data_copy, monkeypatch):
    import lib.data

    calls: list[str] = []
    real = lib.data.load_uncached
    monkeypatch.setattr(lib.data, "load_uncached", lambda folder: calls.append(str(folder)) or real(folder))
    first = load(data_copy)
    again = load(data_copy)
    assert len(calls) == 1  # the second call is served from the cache
    pd.testing.assert_frame_equal(first.table("figures"), again.table("figures"))
    before = fingerprint(data_copy)
    path = data_copy / "donors.csv"
    path.write_text(path.read_text(encoding="utf-8") + "test_donor,Test donor,,\n", encoding="utf-8")
    assert fingerprint(data_copy) != before
    assert len(load(data_copy).table("donors")) == len(first.table("donors")) + 1
    assert len(calls) == 2


def test_shipped_data_has_no_problems(dataset):
    assert dataset.problems == ()
    assert fingerprint(DATA_DIR)


def test_validation_is_remembered_per_content(data_copy, tmp_path, monkeypatch):
    """A restart with unchanged files skips Frictionless; any changed byte validates again."""
    import lib.data

    monkeypatch.setenv("IOM_VALIDATION_CACHE", str(tmp_path / "cache"))
    runs: list[str] = []
    real = lib.data.validate_package
    monkeypatch.setattr(lib.data, "validate_package", lambda folder: runs.append(str(folder)) or real(folder))
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",472,,,472,", ",-472,,,472,", 1), encoding="utf-8")
    broken = lib.data.validate_cached(data_copy)
    assert [p.column for p in broken] == ["value"] and len(runs) == 1
    assert lib.data.validate_cached(data_copy) == broken and len(runs) == 1  # remembered, problems and all
    path.write_text(path.read_text(encoding="utf-8").replace(",-472,", ",472,", 1), encoding="utf-8")
    assert lib.data.validate_cached(data_copy) == [] and len(runs) == 2  # content changed: validated again
    for stored in (tmp_path / "cache").glob("*.json"):
        stored.write_text("not json")  # a damaged cache entry is ignored, never trusted
    assert lib.data.validate_cached(data_copy) == [] and len(runs) == 3
    monkeypatch.setenv("IOM_VALIDATION_CACHE", "off")
    lib.data.validate_cached(data_copy)
    assert len(runs) == 4
