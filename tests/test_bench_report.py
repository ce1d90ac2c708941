"""The benchmark's report for the issue's own command (``bench/run.py --apps baseline,dashboard``): each start and
the Map page as a ratio to its yardstick in the same run, marked where it misses 1.5×."""

from __future__ import annotations

from bench.run import report_against_yardsticks


def stats(median: float) -> dict[str, float]:
    return {"min": median, "median": median, "max": median}


def page(ready: float, maps: int = 0) -> dict:
    return {"load_ready_s": stats(ready), "nav_ready_s": stats(ready / 2), "maps": maps}


def results(map_ready: float, cold: float) -> dict:
    return {
        "baseline": {"pages": {"overview": page(0.3)}, "cold_start_s": stats(1.4), "restart_s": stats(1.4)},
        "baseline_map": {"pages": {"overview": page(0.7, maps=1)}},
        "dashboard": {
            "pages": {"overview": page(0.8), "map": page(map_ready)},
            "cold_start_s": stats(cold),
            "restart_s": stats(cold),
        },
    }


def test_a_map_page_within_its_yardstick_passes_and_a_slow_start_is_marked():
    lines = report_against_yardsticks(results(map_ready=0.9, cold=3.0))
    map_line = next(line for line in lines if line.strip().startswith("map"))
    assert "1.3× the one-layer deck.gl page's 0.70 s" in map_line and "MISSED" not in map_line
    starts = [line for line in lines if "start" in line]
    assert len(starts) == 2 and all("2.1× the one-line page's 1.40 s  MISSED" in line for line in starts)


def test_a_slow_map_page_is_marked():
    lines = report_against_yardsticks(results(map_ready=2.1, cold=2.0))
    assert next(line for line in lines if line.strip().startswith("map")).endswith("MISSED")
    assert not any("MISSED" in line for line in lines if "start" in line)


def test_the_floor_of_a_start_is_reported_under_each_start():
    measured = results(map_ready=0.9, cold=3.0) | {
        "floor": {"cold_start_s": stats(2.45), "restart_s": stats(2.24), "pages": {"": page(0.4)}}
    }
    lines = report_against_yardsticks(measured)
    floors = [line for line in lines if "floor" in line]
    assert len(floors) == 2 and "2.45 s" in floors[0] and "2.24 s" in floors[1]
    assert floors[0].endswith("1.8×") and floors[1].endswith("1.6×")
    assert not any("floor" in line for line in report_against_yardsticks(results(map_ready=0.9, cold=3.0)))
