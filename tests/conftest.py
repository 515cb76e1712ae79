"""Shared fixtures: a small, self-contained data package to break on purpose."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# nbval's kernels inherit the environment: running the lessons as tests never writes a learner's progress/.
os.environ.setdefault("COURSE_PROGRESS_FILE",
                      str(Path(tempfile.mkdtemp(prefix="course-progress-")) / "learner-progress.json"))

MINI_TRADE = "year,total_usd_bn,share_pct,official,first_day,source_id,note\n" \
             "2022,190.3,12.5,true,2022-01-01,src-a,\n" \
             "2023,240.1,15.0,true,2023-01-01,src-a,\n" \
             "2024,244.8,,false,2024-01-01,src-a;src-b,a note, quoted\n".replace("a note, quoted", '"a note, quoted"')

MINI_SOURCES = "source_id,publisher,title,url,published,accessed,kind,note\n" \
               "src-a,Customs,Annual trade,https://example.org/a,2025-01-13,2026-11-24,primary,\n" \
               "src-b,Wire service,Report,https://example.org/b,2025-01-14,2026-11-24,secondary,\n"


def mini_descriptor() -> dict:
    return {
        "name": "mini",
        "resources": [
            {
                "name": "trade",
                "path": "trade.csv",
                "title": "Trade",
                "sources": [{"source_id": "src-a"}, {"source_id": "src-b"}],
                "schema": {
                    "fields": [
                        {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 2000}},
                        {"name": "total_usd_bn", "type": "number", "unit": "billion US$",
                         "constraints": {"minimum": 0}},
                        {"name": "share_pct", "type": "number", "unit": "%",
                         "constraints": {"minimum": 0, "maximum": 100}},
                        {"name": "official", "type": "boolean"},
                        {"name": "first_day", "type": "date"},
                        {"name": "source_id", "type": "string", "constraints": {"required": True}},
                        {"name": "note", "type": "string"},
                    ],
                    "primaryKey": ["year"],
                },
            },
            {
                "name": "sources",
                "path": "sources.csv",
                "schema": {
                    "fields": [{"name": n, "type": "string"} for n in
                               ["source_id", "publisher", "title", "url", "published", "accessed", "kind", "note"]],
                    "primaryKey": ["source_id"],
                },
            },
        ],
    }


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A folder with a valid two-resource data package."""
    (tmp_path / "datapackage.json").write_text(json.dumps(mini_descriptor()), encoding="utf-8")
    (tmp_path / "trade.csv").write_text(MINI_TRADE, encoding="utf-8")
    (tmp_path / "sources.csv").write_text(MINI_SOURCES, encoding="utf-8")
    return tmp_path


@pytest.fixture(autouse=True)
def private_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests that submit answers or verdicts write to a temp file, never to the learner's progress/."""
    path = tmp_path / "progress" / "learner-progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path
