"""Launch links: nbgitpuller links as nbgitpuller reads them."""
from urllib.parse import parse_qs, urlsplit

import pytest

from coursekit.maintainer.launch_links import default_folder, nbgitpuller_url


def _query(url):
    return {k: v for k, (v,) in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def test_nbgitpuller_url_matches_the_link_generator():
    url = nbgitpuller_url("https://hub.example.org", "https://github.com/o/r", "main",
                          "notebooks/00-start-here.ipynb")
    assert url == ("https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr"
                   "&urlpath=lab%2Ftree%2Fr%2Fnotebooks%2F00-start-here.ipynb&branch=main&targetpath=r")


@pytest.mark.parametrize("hub", ["http://127.0.0.1:8000", "http://127.0.0.1:8000/"])
def test_local_rehearsal_link_round_trips(hub):
    url = nbgitpuller_url(hub, "/tmp/rehearsal/course.git", "main", "notebooks/01-panic-narrative.ipynb")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8000", "/hub/user-redirect/git-pull")
    assert _query(url) == {"repo": "/tmp/rehearsal/course.git", "branch": "main", "targetpath": "course",
                           "urlpath": "lab/tree/course/notebooks/01-panic-narrative.ipynb"}


def test_hub_base_url_folder_and_odd_characters():
    url = nbgitpuller_url("https://h.org/base/", "file:///tmp/x y/c.git", "dev", "", folder="my course/")
    assert url.startswith("https://h.org/base/hub/user-redirect/git-pull?repo=file%3A%2F%2F%2Ftmp%2Fx+y%2Fc.git&")
    assert _query(url) == {"repo": "file:///tmp/x y/c.git", "branch": "dev", "targetpath": "my course",
                           "urlpath": "lab/tree/my%20course"}


@pytest.mark.parametrize("repo,folder", [("https://github.com/o/r.git", "r"), ("https://github.com/o/r/", "r"),
                                         ("git@github.com:o/r.git", "r"), ("/srv/course", "course")])
def test_default_folder(repo, folder):
    assert default_folder(repo) == folder


@pytest.mark.parametrize("hub", ["hub.example.org", "ftp://h.org", "https://h.org/?x=1"])
def test_bad_hub_url_is_refused(hub):
    with pytest.raises(ValueError):
        nbgitpuller_url(hub, "https://github.com/o/r", "main")


def test_folder_must_stay_inside_the_server_root():
    with pytest.raises(ValueError):
        nbgitpuller_url("https://h.org", "https://github.com/o/r", "main", folder="../elsewhere")


# --------------------------------------------------------------------------- the course's own links
import re  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import nbformat  # noqa: E402

from coursekit.maintainer import launch_links  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = launch_links.notebooks()
IDS = [str(p.relative_to(REPO)) for p in NOTEBOOKS]
LINK = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_SRC = re.compile(r"<(?:img|script|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)=[\"']([^\"']+)", re.I)
OFF_MACHINE = re.compile(r"^(?:https?:)?//", re.I)


def markdown_documents():
    """``(file, markdown text)`` for README.md and every markdown cell of every notebook."""
    yield REPO / "README.md", (REPO / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                yield path, cell.source


def launched_file(url: str) -> str | None:
    """The repository file a Binder or nbgitpuller link opens (``notebooks/…``), else None."""
    query = parse_qs(urlsplit(url).query)
    if url.startswith(launch_links.BINDER + "/v2/gh/"):
        return query["urlpath"][0].removeprefix("lab/tree/")
    if "/hub/user-redirect/git-pull" in url:
        folder = query["targetpath"][0]
        return query["urlpath"][0].removeprefix(f"lab/tree/{folder}/")
    return None


def test_launch_links_are_current():
    """README's launch blocks and lesson table and every header: what `launch_links --write` would write."""
    stale = launch_links.stale()
    assert not stale, ("stale launch links in " + ", ".join(str(p.relative_to(REPO)) for p in stale)
                       + ": run `python -m coursekit.maintainer.launch_links --write`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_header_has_the_launch_links_the_setting_gives(path):
    header = nbformat.read(path, as_version=4).cells[0].source
    found = launch_links.LAUNCH_PART.findall(header)
    assert found == [launch_links.launch_part(f"{path.parent.name}/{path.name}")], \
        "the header's launch links are not the ones course.yml gives: run launch_links --write"


def test_links_point_at_files_that_exist():
    broken = []
    for path, text in markdown_documents():
        targets = [m.group(2) for m in LINK.finditer(text)] + HTML_SRC.findall(text)
        for target in targets:
            opened = launched_file(target)
            if opened is not None:
                if not (REPO / opened).is_file():
                    broken.append(f"{path.relative_to(REPO)}: {target} opens {opened}, which does not exist")
                continue
            if OFF_MACHINE.match(target) or target.startswith(("mailto:", "#")):
                continue
            file = target.split("#")[0].split("?")[0]
            if file and not (path.parent / file).exists():
                broken.append(f"{path.relative_to(REPO)}: {target} does not exist")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_off_the_machine():
    """No badge or other image from the internet in the README or a notebook's text (a broken image offline)."""
    remote = []
    for path, text in markdown_documents():
        images = [m.group(2) for m in LINK.finditer(text) if m.group(1)] + HTML_SRC.findall(text)
        remote += [f"{path.relative_to(REPO)}: {src}" for src in images if OFF_MACHINE.match(src)]
    assert not remote, "\n".join(remote)


@pytest.fixture
def course_copy(tmp_path):
    """A copy of course.yml, README.md and two lessons' notebooks to rewrite."""
    shutil.copy(REPO / "course.yml", tmp_path / "course.yml")
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    for folder in launch_links.FOLDERS:
        (tmp_path / folder).mkdir()
        for name in ("00-start-here.ipynb", "05-dual-use.ipynb"):
            shutil.copy(REPO / folder / name, tmp_path / folder / name)
    return tmp_path


def test_setting_a_hub_adds_a_hub_link_everywhere_and_clearing_it_removes_them(course_copy):
    catalogue = course_copy / "course.yml"
    before = catalogue.read_text(encoding="utf-8")
    readme_before = launch_links.readme_with_links((course_copy / "README.md").read_text(encoding="utf-8"),
                                                   catalogue, course_copy)  # the table lists 2 lessons here
    launch_links.set_hub("https://hub.example.org/", catalogue)
    assert launch_links.settings(catalogue)["hub_url"] == "https://hub.example.org/"
    assert [line for line in catalogue.read_text(encoding="utf-8").splitlines() if "hub_url:" not in line] == \
        [line for line in before.splitlines() if "hub_url:" not in line], "only the hub_url line changes"
    todo = launch_links.stale(course_copy, catalogue)
    assert set(todo) == {course_copy / "README.md"} | {p for p in course_copy.glob("*/*.ipynb")}
    for file, text in todo.items():
        file.write_text(text, encoding="utf-8")
    assert not launch_links.stale(course_copy, catalogue)
    lesson = nbformat.read(course_copy / "notebooks" / "05-dual-use.ipynb", as_version=4).cells[0].source
    hub = launch_links.hub_url_for("notebooks/05-dual-use.ipynb", catalogue)
    assert f"[Launch this lesson on the class JupyterHub]({hub})" in lesson
    assert _query(hub)["urlpath"] == "lab/tree/russia-china-paper-tiger/notebooks/05-dual-use.ipynb"
    exercise = nbformat.read(course_copy / "exercises" / "05-dual-use.ipynb", as_version=4).cells[0].source
    assert "urlpath=lab/tree/exercises/05-dual-use.ipynb" in exercise and "exercises%2F05-dual-use" in exercise
    readme = (course_copy / "README.md").read_text(encoding="utf-8")
    assert f"[JupyterHub]({hub})" in readme and "set up for `https://hub.example.org/`" in readme
    launch_links.set_hub("", catalogue)
    for file, text in launch_links.stale(course_copy, catalogue).items():
        file.write_text(text, encoding="utf-8")
    assert (course_copy / "README.md").read_text(encoding="utf-8") == readme_before
    for folder in launch_links.FOLDERS:
        assert (course_copy / folder / "05-dual-use.ipynb").read_bytes() == (REPO / folder / "05-dual-use.ipynb").read_bytes()
    assert catalogue.read_text(encoding="utf-8") == before
    assert launch_links.settings()["hub_url"] == "", "the repository's own course.yml was not touched"


def test_a_header_without_links_gets_them_before_its_date_line():
    source = "# 09 · Title\n\n*The question.*\n\nFigures as of **6 December 2026**\n\n## Overview\n"
    written = launch_links.with_launch_part(source, "notebooks/09-prescriptions.ipynb")
    assert written.splitlines()[4] == (f"{launch_links.launch_part('notebooks/09-prescriptions.ipynb')}"
                                       " · Figures as of **6 December 2026**")
    assert launch_links.with_launch_part(written, "notebooks/09-prescriptions.ipynb") == written
    bare = "# 09 · Title\n\n*The question.*\n\n## Overview\n"
    assert launch_links.with_launch_part(bare, "notebooks/09-prescriptions.ipynb").split("\n")[4].startswith(
        "[Launch this lesson on Binder](")


def test_the_old_badge_is_replaced():
    old = ("[![Launch on Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/o/r/main"
           "?urlpath=lab/tree/notebooks/00-start-here.ipynb) · Figures as of **6 December 2026**")
    new = launch_links.with_launch_part(old, "notebooks/00-start-here.ipynb")
    assert "badge_logo" not in new and new.startswith("[Launch this lesson on Binder](https://mybinder.org/v2/gh/")


def test_check_command_reports_stale_files(capsys):
    assert launch_links.main(["--check"]) == 0
    assert "current" in capsys.readouterr().out
