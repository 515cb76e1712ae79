"""The regions the course's maps show: each a box of longitude and latitude, and how finely its land is kept.

Why a module of its own: lesson 08's incident explorer picks the close-up whose box holds an incident, and the
maintainer's ``coursekit.maintainer.basemap`` cuts ``data/basemap_land.csv`` to the same boxes; a lesson should
not depend on the tool that rebuilds its data.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """One map: which world-atlas file, the box kept (west, south, east, north in degrees), how coarse."""

    name: str
    title: str
    source: str
    bbox: tuple[float, float, float, float]
    tolerance: float  # Douglas-Peucker tolerance in degrees
    decimals: int  # coordinates rounded to this many decimals
    min_area: float  # rings smaller than this (square degrees, after clipping) are dropped
    edge: float = 1.0  # longest edge kept, in degrees (see densify)


REGIONS: tuple[Region, ...] = (
    Region("world", "World overview", "land-110m.json", (-180.0, -56.0, 180.0, 84.0),
           tolerance=0.6, decimals=1, min_area=4.0, edge=8.0),
    Region("baltic", "Baltic Sea", "land-50m.json", (9.0, 53.3, 31.0, 61.8),
           tolerance=0.025, decimals=2, min_area=0.01),
    Region("taiwan", "Around Taiwan", "land-50m.json", (117.5, 21.5, 123.0, 27.0),
           tolerance=0.01, decimals=2, min_area=0.0005),
    Region("red_sea", "Red Sea and Gulf of Aden", "land-50m.json", (32.0, 10.0, 52.0, 24.0),
           tolerance=0.05, decimals=2, min_area=0.01),
)
"""The maps lesson 08 draws. The close-ups keep 1:50m detail (about a kilometre after rounding to 0.01 degree);
the world overview uses 1:110m, simplified to about half a degree, enough to place a point in its sea."""
