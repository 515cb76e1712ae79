"""The basemap tool: TopoJSON decoding, clipping, simplifying, and the shipped table it wrote."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coursekit.data import load
from coursekit.explorers.incidents import land_features
from coursekit.maintainer import basemap

SQUARE = [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0)]  # clockwise in lon/lat: a d3 exterior ring


def test_decode_applies_the_quantisation_transform_and_reverses_negative_arcs():
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
                "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
                "objects": {"land": {"type": "GeometryCollection",
                                     "geometries": [{"type": "Polygon", "arcs": [[0, 1]]},
                                                    {"type": "MultiPolygon", "arcs": [[[~1, ~0]]]}]}}}
    polygons = basemap.decode_topology(topology)
    assert polygons[0] == [[(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]]
    assert polygons[1][0][0] == (10.0, 20.0) and polygons[1][0][-1] == (10.0, 20.0)
    assert len(polygons) == 2


def test_a_known_square_clipped_to_a_box_is_the_overlap():
    clipped = basemap.clip_ring(SQUARE, (5.0, 5.0, 20.0, 20.0))
    assert sorted(clipped) == sorted([(5.0, 5.0), (5.0, 10.0), (10.0, 10.0), (10.0, 5.0)])
    assert basemap.signed_area(clipped) == pytest.approx(-25.0)  # still clockwise


def test_a_ring_inside_the_box_stays_and_one_outside_goes():
    assert sorted(basemap.clip_ring(SQUARE, (-1.0, -1.0, 11.0, 11.0))) == sorted(SQUARE)
    assert basemap.clip_ring(SQUARE, (20.0, 20.0, 30.0, 30.0)) == []


def test_simplify_keeps_corners_and_drops_near_collinear_points():
    ring = [(0.0, 0.0), (0.0, 5.0), (0.001, 7.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0)]
    assert basemap.simplify(ring, 0.01) == [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0)]


def test_densify_caps_edge_length():
    dense = basemap.densify(SQUARE, 1.0)
    edges = zip(dense, dense[1:] + dense[:1])
    assert max(max(abs(b[0] - a[0]), abs(b[1] - a[1])) for a, b in edges) <= 1.0
    assert len(dense) == 40


def test_cut_region_drops_specks_and_rings_turned_inside_out():
    region = basemap.Region("t", "Test", "x.json", (0.0, 0.0, 20.0, 20.0), tolerance=0, decimals=1, min_area=1.0)
    speck = [[(1.0, 1.0), (1.0, 1.1), (1.1, 1.1), (1.1, 1.0)]]
    inside_out = [list(reversed(SQUARE))]
    kept = basemap.cut_region([speck, inside_out, [SQUARE]], region)
    assert len(kept) == 1 and basemap.signed_area(kept[0][0]) < 0


SHIPPED = load("basemap_land")


@pytest.mark.parametrize("region", [r.name for r in basemap.REGIONS])
def test_shipped_region_lies_in_its_box_and_is_small(region):
    box = next(r.bbox for r in basemap.REGIONS if r.name == region)
    rows = SHIPPED[SHIPPED["region"] == region]
    assert not rows.empty
    assert rows["lon"].between(box[0], box[2]).all() and rows["lat"].between(box[1], box[3]).all()
    assert len(rows) <= basemap.MAX_POINTS
    features = land_features(SHIPPED, region)
    size = len(json.dumps(features, separators=(",", ":")))
    assert size < 35_000, f"{region}: {size} bytes of GeoJSON; a chart must stay under 50 KB"
    for feature in features:
        outline = [tuple(p) for p in feature["geometry"]["coordinates"][0]]
        assert outline[0] == outline[-1], "GeoJSON rings are closed"
        assert basemap.signed_area(outline[:-1]) < 0, "outlines stay clockwise (d3/Vega's exterior)"


def test_land_features_names_the_regions_for_an_unknown_one():
    with pytest.raises(ValueError, match="baltic"):
        land_features(SHIPPED, "arctic")


WORLD_ATLAS = Path(os.environ.get("WORLD_ATLAS_DIR", "world-atlas"))


@pytest.mark.skipif(not (WORLD_ATLAS / "land-50m.json").exists(),
                    reason="set WORLD_ATLAS_DIR to the unpacked world-atlas 2.0.2 package to check the shipped table")
def test_shipped_table_is_current_with_the_tool():
    """Like `exercise_builder --check`: the table in data/ is exactly what the tool writes from the pinned files."""
    assert basemap.build(WORLD_ATLAS) == basemap.OUTPUT.read_text(encoding="utf-8"), (
        "data/basemap_land.csv is stale: run python -m coursekit.maintainer.basemap --source $WORLD_ATLAS_DIR")


def test_an_edge_across_the_antimeridian_is_not_filled_in():
    ring = [(170.0, 60.0), (180.0, 65.0), (-180.0, 65.0), (-170.0, 60.0)]
    dense = basemap.densify(ring, 8.0)
    assert not any(-170 < x < 170 for x, _ in dense), "a band around the world would be drawn"
