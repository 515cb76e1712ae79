"""Lesson 09's widgets, driven without a browser: the matrix, the budget and the reflection box save to the
progress file, keep work on re-run, restore it in a new kernel and answer bad input with a sentence."""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

from coursekit import progress
from coursekit.explorers import budget, hypothesis_matrix, reflection
from coursekit.synthesis import allocation
from coursekit.widget_tools import KEYBOARD_CLASS

HYPOTHESES = pd.DataFrame({"hypothesis_id": ["H1", "H2", "H3", "H4"],
                           "short_name": ["paper_tiger", "alignment", "junior_partner", "alliance_in_making"],
                           "name": ["Paper tiger", "Alignment", "Junior partner", "Alliance in the making"],
                           "statement": ["s1", "s2", "s3", "s4"]})
EVIDENCE = pd.DataFrame({"item_id": ["E01", "E02", "E03"], "item": ["First item.", "Second item.", "Third item."],
                         "lesson": ["01", "02", "03"], "dataset": ["a", "b", "c"],
                         "credibility": ["high: official", "medium: one report", "high: customs"],
                         "H1": ["I", "C", "C"], "H2": ["C", "C", "C"], "H3": ["N", "I", "C"], "H4": ["C", "I", "C"]})


@pytest.fixture(autouse=True)
def no_live_views():
    for registry in (hypothesis_matrix._LIVE, budget._LIVE, reflection._LIVE):
        registry.clear()
    yield
    for registry in (hypothesis_matrix._LIVE, budget._LIVE, reflection._LIVE):
        registry.clear()


def rate(matrix, letters: str) -> None:
    for h, letter in zip(matrix.ids, letters):
        matrix.menus[h].value = letter


# --------------------------------------------------------------------------- the matrix
def test_the_matrix_shows_one_item_at_a_time_and_is_keyboard_ready(private_progress_file: Path):
    widget = hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    matrix = hypothesis_matrix.current_matrix()
    assert KEYBOARD_CLASS in widget._dom_classes
    assert "Item 1 of 3: E01" in matrix.item.value and "credibility high: official" in matrix.item.value
    assert [m.description for m in matrix.menus.values()] == ["H1 paper tiger", "H2 alignment", "H3 junior partner",
                                                              "H4 alliance in making"]
    matrix.move(-1)
    assert "Item 3 of 3" in matrix.item.value  # Previous from the first wraps to the last


def test_ratings_survive_moving_and_only_whole_items_are_saved(private_progress_file: Path):
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    matrix = hypothesis_matrix.current_matrix()
    matrix.save()
    assert "Rate an item for all four hypotheses" in matrix.status.value and not private_progress_file.exists()
    rate(matrix, "ICNC")
    matrix.move(1)
    matrix.menus["H1"].value = "C"
    matrix.move(-1)
    assert [m.value for m in matrix.menus.values()] == ["I", "C", "N", "C"]
    matrix.save()
    assert "Saved your ratings of 1 of 3 items" in matrix.status.value and "E02" in matrix.status.value
    saved, _ = progress.hypothesis_ratings("09-prescriptions")
    assert set(saved) == {"E01"} and saved["E01"]["H1"] == "I"


def test_compare_sets_the_learners_ratings_beside_the_courses(private_progress_file: Path):
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    matrix = hypothesis_matrix.current_matrix()
    matrix.compare()
    assert "only the course's ratings are shown" in matrix.result.value
    assert "H2 \u2018Alignment\u2019 has the least evidence against it" in matrix.result.value
    rate(matrix, "CCNI")
    matrix.compare()
    page = matrix.result.value
    assert "Your ratings" in page and "On 2 of your 4 ratings you and the course agree" in page
    assert "Where your ratings and the course" in page and 'role="status"' in page


def test_a_rerun_keeps_unsaved_ratings_and_a_new_kernel_restores_saved_ones(private_progress_file: Path):
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    first = hypothesis_matrix.current_matrix()
    rate(first, "IIII")
    first.move(1)
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    second = hypothesis_matrix.current_matrix()
    assert second is not first and "Item 2 of 3" in second.item.value and second.ratings["E01"]["H1"] == "I"
    assert "not saved yet: E01" in second.status.value  # kept on screen, and said to be unsaved
    second.save()
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)  # re-run after saving: nothing to warn of
    assert "not saved yet" not in hypothesis_matrix.current_matrix().status.value
    hypothesis_matrix._LIVE.clear()  # a new kernel
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    third = hypothesis_matrix.current_matrix()
    assert [m.value for m in third.menus.values()] == ["I", "I", "I", "I"]


def test_missing_data_is_a_sentence(private_progress_file: Path):
    empty = hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE.iloc[0:0])
    assert "no evidence items" in empty.value


# --------------------------------------------------------------------------- the budget
def test_the_budget_starts_equal_shows_a_running_total_and_refuses_a_wrong_sum(private_progress_file: Path):
    widget = budget.show_budget()
    view = budget.current_budget()
    assert KEYBOARD_CLASS in widget._dom_classes and view.split() == {line: 25 for line in allocation.LINES}
    assert "Total: 100 of 100 points." in view.total.value
    view.boxes["conventional"].value = 40
    assert "115 of 100 points (15 too many)" in view.total.value
    outcome = view.compute()
    assert not outcome.ok and "add up to 115" in view.status.value and not private_progress_file.exists()


def test_each_weight_slider_names_its_value_as_it_moves(private_progress_file: Path):
    budget.show_budget()
    slider = budget.current_budget().sliders["info_operation"]
    assert not slider.readout and slider.description.endswith("(weight 50 of 100)")
    slider.value = 70
    assert slider.description == "A large information operation (weight 70 of 100)"


def test_a_negative_number_of_points_is_kept_and_named_not_silently_changed(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    view.boxes["supply_chain"].value = -5  # what a learner types; a bounded box would have made it 0 unseen
    assert view.boxes["supply_chain"].value == -5
    assert "points cannot be negative" in view.total.value and "Supply" in view.total.value
    outcome = view.compute()
    assert not outcome.ok and "cannot be negative" in view.status.value and not private_progress_file.exists()
    view.boxes["supply_chain"].value = 25
    assert "Total: 100 of 100 points." in view.total.value


def test_the_coverage_table_spaces_its_cells_in_the_widget(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    assert view.compute().ok
    assert view.result.value.count("<th scope='col' style='padding:2px 10px;") == 4  # no style sheet spaces them there


def test_a_coverage_table_for_other_numbers_is_marked_out_of_date(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    assert view.compute().ok and "Out of date" not in view.result.value
    view.menu.value = "article"
    view.apply_preset()  # the boxes change; the table still shows the equal split's coverage
    assert view.result.value.startswith('<span role="status"') and "Out of date" in view.result.value
    assert view.result.value.count("<table>") == 1  # the old table is kept under the note, not lost
    assert view.compute().ok and "Out of date" not in view.result.value
    view.sliders["info_operation"].value = 90
    assert "Out of date" in view.result.value
    view.sliders["info_operation"].value = 50  # back to the numbers it was computed for
    assert "Out of date" not in view.result.value and view.result.value.count("<table>") == 1


def test_a_preset_fills_the_boxes_and_compute_saves(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    view.menu.value = "article"
    assert view.apply_preset() == allocation.preset("article")
    assert "gives no figures" in view.status.value
    outcome = view.compute()
    assert outcome.ok and f"{outcome.weighted_pct:g}% of the threat" in view.result.value
    assert "Saved your split" in view.status.value
    entry, _ = progress.allocation("09-prescriptions")
    assert entry["spend"] == allocation.preset("article") and entry["preset"] == "article"


def test_the_hypotheses_preset_reads_the_learners_saved_result(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    view.menu.value = allocation.FROM_HYPOTHESES
    view.apply_preset()
    assert "have not saved competing-hypotheses ratings" in view.status.value
    progress.save_hypothesis_ratings("09-prescriptions", {"E01": {"H1": "I", "H2": "I", "H3": "I", "H4": "C"}})
    assert view.apply_preset() == allocation.preset("from-H4") and "H4 leading" in view.status.value


def test_the_budget_comes_back_after_a_rerun_and_in_a_new_kernel(private_progress_file: Path):
    budget.show_budget()
    view = budget.current_budget()
    view.menu.value = "steelman"
    view.apply_preset()
    view.sliders["minerals_cutoff"].value = 90
    budget.show_budget()
    again = budget.current_budget()
    assert again.split() == allocation.preset("steelman") and again.sliders["minerals_cutoff"].value == 90
    again.compute()
    budget._LIVE.clear()
    budget.show_budget()
    restored = budget.current_budget()
    assert restored.split() == allocation.preset("steelman") and restored.menu.value == "steelman"
    assert "covers" in restored.result.value  # the saved result is shown again, without saving


# --------------------------------------------------------------------------- reflections
@pytest.mark.parametrize("text, problem", [("", "Write your answer in the box first"),
                                           ("   ", "Write your answer in the box first"),
                                           ("Alignment.", "Say a little more"),
                                           ("word " * 700, "Keep it to 3000 characters")])
def test_an_empty_or_thin_reflection_gets_a_friendly_message(private_progress_file: Path, text, problem):
    reflection.show_reflection("verdict", "Your answer?")
    view = reflection.current_reflection("verdict")
    view.text.value = text
    assert view.save() is False and problem in view.status.value and not private_progress_file.exists()


def test_a_reflection_is_saved_kept_on_rerun_and_restored(private_progress_file: Path):
    widget = reflection.show_reflection("changed", "What changed your mind?")
    assert KEYBOARD_CLASS in widget._dom_classes
    view = reflection.current_reflection("changed")
    view.text.value = "The leaked airborne contracts and the customs data."
    assert view.save() and "Saved your answer" in view.status.value
    view.text.value = "An unsaved second thought about it."
    reflection.show_reflection("changed", "What changed your mind?")
    assert reflection.current_reflection("changed").text.value == "An unsaved second thought about it."
    reflection._LIVE.clear()
    reflection.show_reflection("changed", "What changed your mind?")
    restored = reflection.current_reflection("changed")
    assert restored.text.value.startswith("The leaked") and "Saved earlier" in restored.status.value
    saved, _ = progress.reflections("09-prescriptions")
    assert saved["changed"]["prompt"] == "What changed your mind?"


def test_an_unsaved_edit_says_changed_not_saved(private_progress_file: Path):
    """A learner edited a saved reflection, did not press Save, and still read "Saved your answer."."""
    reflection.show_reflection("verdict", "Your answer?")
    view = reflection.current_reflection("verdict")
    # round 3: with continuous_update=False the status changed only when the learner left the box; every
    # keystroke must reach the kernel so "Changed, not saved yet" shows while they type
    assert view.text.continuous_update is True
    view.text.value = "Alignment short of alliance, on the evidence."
    assert view.save() and "Saved your answer" in view.status.value
    view.text.value = "Alignment short of alliance, on the evidence. And more."
    assert "Changed, not saved yet" in view.status.value and "Saved your answer" not in view.status.value
    saved, _ = progress.reflections("09-prescriptions")
    assert saved["verdict"]["text"] == "Alignment short of alliance, on the evidence."
    view.text.value = "Alignment short of alliance, on the evidence."  # back to what is saved
    assert "Changed" not in view.status.value and "saved answer" in view.status.value
    view.text.value = "A new edit, saved this time."
    assert view.save() and "Saved your answer" in view.status.value
    reflection.show_reflection("verdict", "Your answer?")  # a re-run keeps a typed, unsaved text and says so
    again = reflection.current_reflection("verdict")
    assert "Saved earlier" in again.status.value
    view = again
    view.text.value = "Typed after the re-run, not saved."
    reflection.show_reflection("verdict", "Your answer?")
    assert "Changed, not saved yet" in reflection.current_reflection("verdict").status.value


def test_next_and_previous_move_the_keyboard_focus_to_the_first_menu(private_progress_file: Path, monkeypatch):
    """After Next/Previous the focus goes to H1's menu (ipywidgets 8's focus(): a {'do': 'focus'} message the
    dropdown's view answers by focusing its select box), not left on the button five Shift+Tabs away."""
    hypothesis_matrix.show_hypothesis_matrix(HYPOTHESES, EVIDENCE)
    matrix = hypothesis_matrix.current_matrix()
    sent: dict[str, list] = {h: [] for h in matrix.ids}
    for h, menu in matrix.menus.items():
        monkeypatch.setattr(menu, "send", lambda content, buffers=None, h=h: sent[h].append(content))
    matrix.move(1)
    matrix.move(-1)
    assert sent["H1"] == [{"do": "focus"}, {"do": "focus"}]
    assert not any(sent[h] for h in matrix.ids[1:])


def test_the_budget_sets_the_articles_direction_beside_the_learners_split(private_progress_file: Path):
    """With the learner's own likelihoods, the article's preset is scored beside their split, so the lesson's
    question (what would make one beat the other) can be answered from the table."""
    budget.show_budget()
    view = budget.current_budget()
    view.menu.value = "steelman"
    view.apply_preset()
    view.compute()
    assert "article&#x27;s direction: coverage (%)" in view.result.value
    odds = {s: 50 for s in allocation.SCENARIOS}
    article = allocation.evaluate(allocation.preset("article"), odds).weighted_pct
    steelman = allocation.evaluate(allocation.preset("steelman"), odds).weighted_pct
    assert steelman < article
    assert f"With the same weights the article's direction covers {article:g}%" in html.unescape(view.result.value)
    assert f"{steelman:g}% of the threat" in view.result.value and "points less" in view.result.value
    assert budget.compare_with_article(57.3, 57.3).startswith("The article's direction covers the same")


def test_each_reflection_box_can_have_its_own_name(tmp_path):
    """Three boxes all named "Your answer" sounded the same to a screen reader (learner run, session 5)."""
    from coursekit.explorers import reflection

    names = {pid: reflection.ReflectionView(pid, "Prompt?", tmp_path / "p.json", label=label).text.description
             for pid, label in (("verdict", "Your verdict"), ("changed", "What changed"))}
    assert names == {"verdict": "Your verdict", "changed": "What changed"}
    view = reflection.ReflectionView("verdict", "Prompt?", tmp_path / "p.json", label="Your verdict")
    assert view.save_button.description == "Save your verdict"
    assert reflection.ReflectionView("x", "Prompt?", tmp_path / "p.json").text.description == "Your answer"
