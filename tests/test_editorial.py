"""Editorial rules that code can check: the article is paraphrased, never copied."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO.parent / "shared" / "seed").glob("*.txt"))
RUN = 10  # words in a row shared with the article that count as copying
TEXT_FILES = (".ipynb", ".md", ".py", ".yml", ".yaml", ".csv", ".json", ".txt")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split()
    return [REPO / name for name in listed if name.endswith(TEXT_FILES) and (REPO / name).is_file()]


def readable_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        text = "\n".join("".join(cell.get("source", "")) for cell in json.loads(text)["cells"])
    return text


@pytest.mark.skipif(not SEEDS, reason="the article text (../shared/seed/) is not beside this checkout")
def test_no_sentence_is_copied_from_the_article():
    text = SEEDS[0].read_text(encoding="utf-8")
    title = words(text.splitlines()[0])  # citing the title is attribution, not copying
    article = words(text)
    runs = {" ".join(article[i:i + RUN]) for i in range(len(article) - RUN + 1)}
    runs -= {" ".join(title[i:i + RUN]) for i in range(len(title) - RUN + 1)}
    copied = []
    for path in tracked_text_files():
        text = words(readable_text(path))
        for i in range(len(text) - RUN + 1):
            if " ".join(text[i:i + RUN]) in runs:
                copied.append(f"{path.relative_to(REPO)}: \"{' '.join(text[i:i + RUN])} …\"")
                break
    assert not copied, "Paraphrase these passages:\n" + "\n".join(copied)
