"""Re-running a widget cell hands the old view's state to the new one and closes the old one."""
from __future__ import annotations

from coursekit.widget_tools import KEYBOARD_CLASS, replace_view


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


# --------------------------------------------------------------------------- keyboard
def _every_course_widget():
    """Each widget a lesson can show, built as the lessons build it."""
    from coursekit import data, predictions, quiz, verdicts
    from coursekit.explorers import claim_sorter, scorecard, table_explorer

    claims = data.load("claims")
    yield "quiz", quiz.show_quiz("00-start-here")
    yield "verdicts", verdicts.show_verdicts("02-interoperability")
    yield "prediction", predictions.show_prediction("00-start-here", "empirical-majority")
    yield "reveal", predictions.show_reveal("00-start-here", "empirical-majority")
    yield "table explorer", table_explorer(claims, column="lesson", show=["claim_id"], label="Lesson:")
    yield "claim sorter", claim_sorter.show_claim_sorter(["C01", "C02"], key="keyboard-test")
    yield "scorecard", scorecard.scorecard_explorer(key="keyboard-test")
    yield "evidence explorer", scorecard.evidence_explorer()


def test_every_course_widget_carries_the_keyboard_guard():
    """Without the guard, JupyterLab takes the arrow keys from a focused radio button or menu."""
    import anywidget

    for name, widget in _every_course_widget():
        assert KEYBOARD_CLASS in widget._dom_classes, f"{name}: no {KEYBOARD_CLASS} class on its root"
        guards = [c for c in widget.children if isinstance(c, anywidget.AnyWidget)]
        assert len(guards) == 1, f"{name}: expected one keyboard guard, found {len(guards)}"
        assert guards[0].layout.display == "none", f"{name}: the guard must not take space on the page"
        widget.close()



def test_a_buttons_action_waits_for_input_sent_just_before_the_click():
    """In a kernel (a running event loop) the action runs SETTLE_SECONDS later, after a held update;
    outside one it runs at once."""
    import asyncio

    from coursekit import widget_tools

    ran = []
    widget_tools.after_pending_input(lambda: ran.append("now"))
    assert ran == ["now"]

    async def kernel():
        choice = {"value": "old"}
        widget_tools.after_pending_input(lambda: ran.append(choice["value"]))
        await asyncio.sleep(0.05)
        choice["value"] = "new"  # the held radio update arrives after the click
        assert ran == ["now"], "graded before the held update arrived"
        await asyncio.sleep(widget_tools.SETTLE_SECONDS)

    asyncio.run(kernel())
    assert ran == ["now", "new"]


def test_enter_in_a_text_box_runs_its_action():
    import ipywidgets as w

    from coursekit.widget_tools import on_enter

    box, ran = w.Text(), []
    on_enter(box, lambda: ran.append(box.value))
    box.value = "12"
    box._handle_custom_msg({"event": "other"}, [])
    assert ran == []
    box._handle_custom_msg({"event": "submit"}, [])  # what the browser sends on Enter
    assert ran == ["12"]
