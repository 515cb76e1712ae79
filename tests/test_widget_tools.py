"""Re-running a widget cell hands the old view's state to the new one and closes the old one."""
from __future__ import annotations

from coursekit.widget_tools import replace_view


class FakeView:
    def __init__(self, value: int) -> None:
        self.value, self.closed, self.widget = value, False, f"widget {value}"

    def take_from(self, old: "FakeView") -> None:
        self.value = old.value

    def close(self) -> None:
        self.closed = True


def test_first_view_is_registered_and_shown():
    registry: dict = {}
    view = FakeView(1)
    assert replace_view(registry, "k", view, FakeView.take_from) == "widget 1"
    assert registry == {"k": view} and not view.closed


def test_rerun_carries_state_and_closes_the_old_view():
    registry: dict = {}
    old, new = FakeView(7), FakeView(0)
    replace_view(registry, "k", old, FakeView.take_from)
    replace_view(registry, "k", new, FakeView.take_from)
    assert new.value == 7 and old.closed and registry["k"] is new


def test_other_keys_are_left_alone():
    registry: dict = {}
    a, b = FakeView(1), FakeView(2)
    replace_view(registry, "a", a, FakeView.take_from)
    replace_view(registry, "b", b, FakeView.take_from)
    assert not a.closed and registry == {"a": a, "b": b}
