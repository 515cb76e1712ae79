"""data/README.md is generated from the descriptor and reads well."""
from __future__ import annotations

from coursekit.maintainer.data_readme import first_sentence, render


def test_first_sentence_survives_abbreviations():
    assert first_sentence("Shares from China (incl. Hong Kong) as reported. More.") == \
        "Shares from China (incl. Hong Kong) as reported"
    assert first_sentence("E.g. this. Then that.") == "E.g. this"
    assert first_sentence("One row per year.") == "One row per year"


def test_readme_lists_every_data_set_with_sources_and_caveats(mini_data):
    text = render(mini_data)
    assert "| Trade (`trade`) | [`trade.csv`](trade.csv) |" in text
    assert "`src-a`: Customs, [Annual trade](https://example.org/a)" in text
    assert "| `total_usd_bn` | number | billion US$ |" in text
    assert "## Updating the data (for maintainers)" in text
