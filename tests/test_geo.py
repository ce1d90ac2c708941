"""Shipped boundaries and place coordinates: valid, complete, and where the reference layers say."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from tests.conftest import ROOT

GEO = ROOT / "geo"
REFERENCE = ROOT.parent / "shared" / "geo"
MAX_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def municipalities() -> gpd.GeoDataFrame:
    return gpd.read_file(GEO / "municipalities.geojson")


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    return gpd.read_file(GEO / "districts.geojson")


def reference(name: str) -> gpd.GeoDataFrame:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference layer {name} is not present beside the repository")
    return gpd.read_file(path)


def test_thirty_municipalities_seven_districts_every_code_once(municipalities, districts):
    assert sorted(municipalities["code"]) == [f"KV{n:02d}" for n in range(1, 31)]
    assert sorted(districts["code"]) == ["FER", "GJA", "GJI", "MIT", "PEJ", "PRI", "PRZ"]


def test_polygons_are_valid_and_inside_kosovo(municipalities, districts):
    for frame in (municipalities, districts):
        assert frame.is_valid.all() and not frame.is_empty.any()
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
        west, south, east, north = frame.total_bounds
        assert west >= 20.0 and east <= 21.8 and south >= 41.8 and north <= 43.3


def test_districts_are_the_union_of_their_municipalities(municipalities, districts):
    for _, district in districts.iterrows():
        members = municipalities.loc[municipalities["district"] == district["code"]]
        assert ";".join(members["code"]) == district["municipalities"]
        union = shapely.union_all(members.geometry.values)
        assert union.symmetric_difference(district.geometry).area < 1e-9


def test_municipalities_do_not_overlap(municipalities):
    overlaps = sum(
        a.intersection(b).area for i, a in enumerate(municipalities.geometry) for b in municipalities.geometry[i + 1 :]
    )
    assert overlaps < 1e-6


def test_properties_name_both_languages_and_the_district(municipalities):
    peja = municipalities.set_index("code").loc["KV18"]
    assert (peja["name_sq"], peja["name_sr"], peja["district"], peja["district_sr"]) == ("Pejë", "Peć", "PEJ", "Peć")
    assert 9000 < municipalities["area_km2"].sum() < 12000  # Kosovo is about 10,900 km²


def test_files_are_small_and_attributed():
    sizes = [(GEO / name).stat().st_size for name in ("municipalities.geojson", "districts.geojson")]
    assert sum(sizes) < MAX_BYTES
    assert (
        json.loads((GEO / "districts.geojson").read_text(encoding="utf-8"))["attribution"] == "Made with Natural Earth"
    )


def test_each_municipality_lies_in_the_reference_polygon_with_its_code(municipalities):
    ref = reference("kosovo_municipalities_2004_approx_geoboundaries.geojson").set_index("muni2004_code")
    wrong = [
        code
        for code, geometry in zip(municipalities["code"], municipalities.geometry, strict=False)
        if not ref.loc[code].geometry.contains(geometry.representative_point())
    ]
    assert wrong == []


def test_each_located_place_lies_in_its_municipality_in_the_reference(dataset):
    ref = reference("kosovo_municipalities_2004_approx_geoboundaries.geojson").set_index("muni2004_code")
    places = dataset.table("places")
    located = places.loc[places["location"] != "not_located"]
    assert len(located) >= 8
    wrong = [
        row.place_id
        for row in located.itertuples()
        if not ref.loc[row.municipality_id].geometry.contains(Point(row.lon, row.lat))
    ]
    assert wrong == []


def test_places_that_cannot_be_located_say_so(dataset):
    places = dataset.table("places").set_index("place_id")
    assert places.loc["moravska", "location"] == "not_located" and places.loc["moravska", "note"]
    assert places.loc["moravska"][["lat", "lon"]].isna().all()
