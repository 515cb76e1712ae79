"""Small land basemaps for the course's maps, cut from Natural Earth (world-atlas 2.0.2) and shipped in data/.

Why a tool and a table: a map in a lesson must draw offline (no URL data, so no world file fetched at run
time) and each chart's Vega-Lite JSON must stay under 50 KB (``make bench``), so the lesson cannot inline a
whole world file (land-50m.json alone is 545 KB). This tool decodes the TopoJSON that the npm package
``world-atlas`` 2.0.2 (ISC licence; Natural Earth 4.1.0 data, public domain) ships, keeps only the land of
the few regions a lesson shows, simplifies and rounds it, and writes the result as one plain table,
``data/basemap_land.csv`` (one row per vertex). A table rather than GeoJSON files because the course's data
package is a *tabular* data package (``tests/test_frictionless.py``): the basemap gets a schema, a source
row and a licence like every other data set, and ``coursekit.explorers.incidents.land_features`` turns the
rows back into GeoJSON for ``alt.Chart(alt.Data(values=...)).mark_geoshape()``.

    python -m coursekit.maintainer.basemap --source PATH/TO/world-atlas        # write data/basemap_land.csv
    python -m coursekit.maintainer.basemap --source PATH/TO/world-atlas --check  # exit 1 if it is stale

``PATH/TO/world-atlas`` is the unpacked package (``npm pack world-atlas@2.0.2``; the folder holding
land-50m.json and land-110m.json). Their SHA-256 sums are pinned in :data:`SOURCE_SHA256`, so a different
version is refused instead of silently changing the maps.

Every step is a plain function with a test (``tests/test_basemap.py``): :func:`decode_topology` (delta-
decoded, de-quantised arcs), :func:`clip_ring` (Sutherland-Hodgman against a longitude/latitude box),
:func:`simplify` (Douglas-Peucker), :func:`densify` (box edges get a vertex every degree, because the
browser's map projection joins vertices by great circles, which would bulge along a long straight edge).
Rings keep the winding d3-geo and Vega expect (exterior rings clockwise in longitude/latitude), and a ring
that rounding has turned inside out is dropped rather than drawn as "everything but this island".
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from coursekit.explorers.map_regions import REGIONS, Region

Point = tuple[float, float]
Ring = list[Point]

OUTPUT = Path(__file__).resolve().parents[3] / "data" / "basemap_land.csv"
SOURCE_ID = "map-natural-earth-world-atlas"
COLUMNS = ["region", "feature", "ring", "point", "lon", "lat", "source_id"]
SOURCE_SHA256 = {
    "land-50m.json": "619477ff690c086885e45cb91707d783805561bd75ae8e437b7d4694b0204e0f",
    "land-110m.json": "ead5f68119c49a9250902e7da303bcb209341bbb8fefe7369a439b48b704658a",
}
"""SHA-256 of the world-atlas 2.0.2 files the maps were cut from (as unpacked from the npm package)."""


MAX_POINTS = 2200
"""Vertices a region may keep: about 14 bytes each in a chart's JSON, so a map stays near 30 KB (bench cap 50 KB)."""


# --------------------------------------------------------------------------- decoding
def decode_topology(topology: dict[str, Any], object_name: str = "land") -> list[list[Ring]]:
    """The polygons of one TopoJSON object as lists of rings of (lon, lat), exterior ring first.

    Arcs are delta-encoded integers when the topology has a ``transform`` (quantised): a running sum times
    ``scale`` plus ``translate`` gives degrees. A negative arc index ``~i`` means arc ``i`` reversed; the
    arcs of a ring share their end points, so each arc after the first drops its first point.
    """
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py, *_ in arc]
        arcs.append(points)

    def ring(indexes: Sequence[int]) -> Ring:
        out: Ring = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            out.extend(points if not out else points[1:])
        return out

    geometries = topology["objects"][object_name]
    geometries = geometries.get("geometries", [geometries])
    polygons: list[list[Ring]] = []
    for geometry in geometries:
        if geometry["type"] == "Polygon":
            polygons.append([ring(r) for r in geometry["arcs"]])
        elif geometry["type"] == "MultiPolygon":
            polygons.extend([ring(r) for r in polygon] for polygon in geometry["arcs"])
    return polygons


# --------------------------------------------------------------------------- geometry
def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area in square degrees: negative for a clockwise ring (d3's exterior), positive for a hole."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]])) / 2


def clip_ring(ring: Sequence[Point], bbox: tuple[float, float, float, float]) -> Ring:
    """The part of a ring inside ``bbox`` (Sutherland-Hodgman; winding kept). Empty if nothing is inside.

    A concave ring can come back as several pieces joined by zero-width edges along the box: harmless for a
    filled land shape.
    """
    west, south, east, north = bbox
    edges = ((lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
             (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
             (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
             (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)))
    points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(ring: Sequence[Point], tolerance: float) -> Ring:
    """Douglas-Peucker on an open ring: drop vertices closer than ``tolerance`` degrees to the kept line."""
    if len(ring) < 4 or tolerance <= 0:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # Split at the vertex farthest from the first, so a closed outline is not one chord from a point to itself.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = ring[first], ring[last]
        length = math.hypot(bx - ax, by - ay)
        best, best_distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = ring[i]
            distance = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length
                        else math.hypot(px - ax, py - ay))
            if distance > best_distance:
                best, best_distance = i, distance
        if best >= 0:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(ring, keep) if k]


def densify(ring: Sequence[Point], step: float = 1.0) -> Ring:
    """Add vertices so that no edge is longer than ``step`` degrees (straight in longitude/latitude).

    An edge that jumps across the antimeridian (from 180 to -180) is left alone: on the sphere it is short,
    and filling it in would draw a band around the world."""
    out: Ring = []
    closed = list(ring) + [ring[0]] if ring else []
    for a, b in zip(closed, closed[1:]):
        out.append(a)
        if abs(b[0] - a[0]) > 180:
            continue  # an edge across the antimeridian (Chukotka): short on the sphere, never filled in
        pieces = int(math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step))
        for k in range(1, pieces):
            out.append((a[0] + (b[0] - a[0]) * k / pieces, a[1] + (b[1] - a[1]) * k / pieces))
    return out


def rounded(ring: Sequence[Point], decimals: int) -> Ring:
    """Coordinates rounded, with repeated vertices (after rounding) removed."""
    out: Ring = []
    for x, y in ring:
        point = (round(x, decimals) + 0.0, round(y, decimals) + 0.0)  # + 0.0: no "-0.0" in the file
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def cut_region(polygons: Iterable[list[Ring]], region: Region) -> list[list[Ring]]:
    """The land polygons of one region: clipped, simplified, densified along the box, rounded, small ones dropped.

    Each ring is open (the first vertex is not repeated); the lesson's ``land_features`` closes it for GeoJSON.
    """
    kept: list[list[Ring]] = []
    for polygon in polygons:
        out: list[Ring] = []
        for index, ring in enumerate(polygon):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            west, south, east, north = region.bbox
            if max(xs) < west or min(xs) > east or max(ys) < south or min(ys) > north:
                if index == 0:
                    break
                continue
            piece = clip_ring(ring, region.bbox)
            piece = rounded(densify(simplify(piece, region.tolerance), region.edge), region.decimals) if len(piece) >= 3 else []
            area = signed_area(piece) if len(piece) >= 3 else 0.0
            exterior = index == 0
            if abs(area) < region.min_area or (exterior and area > 0) or (not exterior and area < 0):
                if exterior:
                    break  # no land left (or turned inside out by rounding): drop the polygon and its holes
                continue
            out.append(piece)
        if out:
            kept.append(out)
    return kept


# --------------------------------------------------------------------------- the table and GeoJSON
def rows(regions: dict[str, list[list[Ring]]]) -> list[dict[str, Any]]:
    """One row per vertex: region, feature (polygon number), ring (0 = outline, 1+ = holes), point, lon, lat."""
    out = []
    for name, polygons in regions.items():
        for feature, polygon in enumerate(polygons):
            for ring_number, ring in enumerate(polygon):
                for point, (lon, lat) in enumerate(ring):
                    out.append({"region": name, "feature": feature, "ring": ring_number, "point": point,
                                "lon": lon, "lat": lat, "source_id": SOURCE_ID})
    return out


def to_csv(table: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({**row, "lon": _number(row["lon"]), "lat": _number(row["lat"])})
    return buffer.getvalue()


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- command line
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(source: Path) -> str:
    """The CSV text for every region in :data:`REGIONS`, cut from the world-atlas files in ``source``."""
    cache: dict[str, list[list[Ring]]] = {}
    cut: dict[str, list[list[Ring]]] = {}
    for region in REGIONS:
        path = source / region.source
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: point --source at the unpacked world-atlas 2.0.2 package")
        expected = SOURCE_SHA256.get(region.source)
        if expected and sha256(path) != expected:
            raise ValueError(f"{path} is not the world-atlas 2.0.2 file the maps were cut from (SHA-256 differs)")
        if region.source not in cache:
            cache[region.source] = decode_topology(json.loads(path.read_text(encoding="utf-8")))
        cut[region.name] = cut_region(cache[region.source], region)
        points = sum(len(r) for polygon in cut[region.name] for r in polygon)
        if points > MAX_POINTS:
            raise ValueError(f"region {region.name}: {points} vertices (at most {MAX_POINTS}); coarsen it")
    return to_csv(rows(cut))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder of the unpacked world-atlas 2.0.2 package")
    parser.add_argument("--check", action="store_true", help="exit 1 if data/basemap_land.csv is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = build(args.source)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run python -m coursekit.maintainer.basemap --source ...", file=sys.stderr)
            return 1
        print(f"{args.output} is current")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.splitlines()) - 1} vertices)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
