"""How well calibrated a learner's predictions were, over every lesson: plain functions, no widgets.

Why these measures (forecasting-calibration practice):

* **Hit rate of the 80% ranges.** A learner who is well calibrated sees about 8 in 10 of their
  80% ranges hold the true value. Far fewer means the ranges were too narrow (overconfidence,
  the common pattern); nearly all means they could have been narrower.
* **Brier score of the probabilities**: the mean of (probability - outcome)², with the
  probability as a fraction and the outcome 1 if the statement was true, else 0. 0 is perfect,
  0.25 is what always saying 50% earns, 1 is being sure and always wrong.
* **Calibration table**: the probabilities grouped into bins, with how often statements in each
  bin turned out true. A calibrated learner's "70%" statements come true about 70% of the time.
  Lesson 09 draws it.

Only revealed predictions count: their outcome was stored when they were revealed
(:func:`coursekit.predictions.outcome`), so the record alone is enough, even if next year's data
change a figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RANGE_TARGET = 0.8
DEFAULT_BIN_EDGES = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)


@dataclass(frozen=True)
class Bin:
    """Statements whose stated probability fell in ``[low, high)`` (the last bin includes 100)."""

    low: float
    high: float
    count: int
    mean_stated: float | None  # per cent
    share_true: float | None   # per cent


@dataclass(frozen=True)
class Calibration:
    ranges: int
    ranges_hit: int
    statements: int
    brier: float | None
    bins: tuple[Bin, ...]
    not_revealed: int

    @property
    def hit_rate(self) -> float | None:
        return self.ranges_hit / self.ranges if self.ranges else None


def scored_predictions(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every revealed, scored prediction in a progress record, with its lesson and id added."""
    found = []
    for lesson, entry in sorted((record.get("lessons") or {}).items()):
        stored = entry.get("predictions") if isinstance(entry, dict) else None
        for prediction_id, item in sorted((stored or {}).items()) if isinstance(stored, dict) else ():
            if isinstance(item, dict) and item.get("revealed") and item.get("scored") is True:
                found.append({**item, "lesson": lesson, "id": prediction_id})
    return found


def _unrevealed(record: dict[str, Any]) -> int:
    count = 0
    for entry in (record.get("lessons") or {}).values():
        stored = entry.get("predictions") if isinstance(entry, dict) else None
        if isinstance(stored, dict):
            count += sum(1 for item in stored.values() if isinstance(item, dict) and not item.get("revealed"))
    return count


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def calibration(record: dict[str, Any], bin_edges: tuple[float, ...] = DEFAULT_BIN_EDGES) -> Calibration:
    """Hit rate, Brier score and calibration bins over every revealed prediction in ``record``.

    Entries that are damaged (a missing figure, a probability that is not a number) are left out
    rather than raising, so one bad entry never hides the rest of the learner's record.
    """
    ranges = hits = 0
    pairs: list[tuple[float, bool]] = []
    for item in scored_predictions(record):
        if item.get("kind") == "quantity":
            low, high, figure = (_number(item.get(k)) for k in ("low", "high", "figure"))
            if low is None or high is None or figure is None:
                continue
            ranges += 1
            hits += int(low <= figure <= high)
        elif item.get("kind") == "statement":
            probability = _number(item.get("probability"))
            if probability is None or not isinstance(item.get("truth"), bool) or not 0 <= probability <= 100:
                continue
            pairs.append((probability, item["truth"]))
    brier = (round(sum((p / 100 - float(t)) ** 2 for p, t in pairs) / len(pairs), 4) if pairs else None)
    return Calibration(ranges, hits, len(pairs), brier, _bins(pairs, bin_edges), _unrevealed(record))


def _bins(pairs: list[tuple[float, bool]], edges: tuple[float, ...]) -> tuple[Bin, ...]:
    bins = []
    for number, (low, high) in enumerate(zip(edges, edges[1:])):
        last = number == len(edges) - 2
        inside = [(p, t) for p, t in pairs if low <= p < high or (last and p == high)]
        bins.append(Bin(low, high, len(inside),
                        round(sum(p for p, _t in inside) / len(inside), 1) if inside else None,
                        round(100 * sum(t for _p, t in inside) / len(inside), 1) if inside else None))
    return tuple(bins)


def summary(result: Calibration) -> list[str]:
    """What the figures mean, in a few sentences a learner can read."""
    lines = []
    if result.ranges:
        rate = result.hit_rate or 0.0
        lines.append(f"Your 80% ranges held the true value {result.ranges_hit} times out of {result.ranges} "
                     f"({rate:.0%}); a well-calibrated forecaster's hold it about {RANGE_TARGET:.0%} of the time.")
        if result.ranges >= 5 and rate < RANGE_TARGET - 0.2:
            lines.append("That is well below 80%: your ranges were too narrow. Widen them next time.")
        elif result.ranges >= 5 and rate == 1.0:
            lines.append("Every range held: they may be wider than they need to be.")
        elif result.ranges < 5:
            lines.append("With so few ranges, luck moves this rate a lot; read it as a first hint only.")
    else:
        lines.append("No quantity prediction has been revealed yet, so there is no hit rate.")
    if result.brier is not None:
        lines.append(f"Your Brier score over {result.statements} statement(s) is {result.brier:.2f}: 0 is perfect, "
                     "0.25 is what always answering 50% earns, 1 is being sure and always wrong.")
    else:
        lines.append("No statement prediction has been revealed yet, so there is no Brier score.")
    if result.not_revealed:
        lines.append(f"{result.not_revealed} prediction(s) are saved but not yet revealed; they do not count yet.")
    return lines
