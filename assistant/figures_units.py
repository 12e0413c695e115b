"""Units of one dimension (issue 10): a figure is the same quantity in any unit of its dimension.

15公里 is 15000米, 1347万吨 is 269.4亿斤, 240小时 is 10天, 12.3 km is 12,300 meters. :func:`conversions`
lists the other units of a unit's dimension with their factors; :func:`assistant.figures.equivalents`
builds a draft figure's forms in them, its stated precision carried over (the written number and its
digits kept, the scale absorbing the factor), so 2.4万米 reads as 24公里 at the step of one 千米. Only
the legal factors of the units a report uses (15亩 = 1公顷): miles against 公里 are no conversion a
Chinese report makes, and a wrong unit must never become a near miss.
"""

from __future__ import annotations

from decimal import Decimal

#: Canonical unit → (dimension, size in the dimension's base unit).
DIMENSIONS: dict[str, tuple[str, Decimal]] = {
    "米": ("length", Decimal(1)), "公里": ("length", Decimal(1000)),
    "平方米": ("area", Decimal(1)), "公顷": ("area", Decimal(10_000)), "平方公里": ("area", Decimal(1_000_000)),
    "亩": ("area", Decimal(10_000) / 15),  # 15亩 = 1公顷 exactly
    "斤": ("mass", Decimal("0.5")), "公斤": ("mass", Decimal(1)), "吨": ("mass", Decimal(1000)),
    "分钟": ("time", Decimal(1) / 60), "小时": ("time", Decimal(1)), "天": ("time", Decimal(24)), "周": ("time", Decimal(168)),
}


def dimension(unit: str) -> str | None:
    """The dimension a canonical unit measures (length, area, mass, time), None for any other unit."""
    found = DIMENSIONS.get(unit)
    return found[0] if found else None


def conversions(unit: str) -> list[tuple[str, Decimal]]:
    """The other units of ``unit``'s dimension, each with the factor a value in ``unit`` is multiplied by
    (公里 → [("米", 1000)]); [] for a unit of no listed dimension."""
    if unit not in DIMENSIONS:
        return []
    dim, size = DIMENSIONS[unit]
    return [(other, size / other_size) for other, (other_dim, other_size) in DIMENSIONS.items()
            if other_dim == dim and other != unit]
