"""Launch links for the course, built from one setting (course.yml ``repository:``).

Binder links open a lesson on mybinder.org; nbgitpuller links open it on a JupyterHub that has
nbgitpuller installed: the hub clones (first visit) or merges (later visits) the course into the
learner's home folder, then opens the lesson in JupyterLab.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# WHATWG application/x-www-form-urlencoded, as URLSearchParams writes it (nbgitpuller's own link
# generator builds its links with URLSearchParams): only ASCII letters, digits and *-._ stay as
# they are, a space becomes '+', everything else is percent-encoded as UTF-8.
_FORM_SAFE = re.compile(r"[A-Za-z0-9*\-._ ]")


def _form_quote(value: str) -> str:
    return "".join(
        ("+" if ch == " " else ch) if _FORM_SAFE.fullmatch(ch) else quote(ch, safe="")
        for ch in value
    )


def _form_encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{_form_quote(k)}={_form_quote(v)}" for k, v in pairs)


def default_folder(repo_url: str) -> str:
    """The folder a clone of ``repo_url`` gets: its last path part without ``.git``."""
    name = repo_url.rstrip("/").split("/")[-1].split(":")[-1]
    return name[:-4] if name.endswith(".git") else name


def nbgitpuller_url(hub_url: str, repo_url: str, branch: str, urlpath_in_repo: str = "",
                    folder: str | None = None) -> str:
    """An nbgitpuller link: the hub pulls ``repo_url`` at ``branch`` into ``folder`` and opens
    ``urlpath_in_repo`` (a path inside the repository, e.g. ``notebooks/00-start-here.ipynb``;
    empty opens the folder) in JupyterLab.

    ``hub_url`` is the hub's address with its base URL, e.g. ``https://hub.example.org`` or
    ``http://127.0.0.1:8000/``; ``repo_url`` anything ``git clone`` accepts (an https URL, or a
    local path or ``file://`` URL for a rehearsal). ``folder`` is where the clone goes, relative
    to the learner's server root (default: the repository's name without ``.git``). It is always
    sent as ``targetpath`` so that the clone and the page opened after it agree even for a URL
    ending in ``.git`` (nbgitpuller's own default keeps the suffix). Hubs that set
    NBGITPULLER_PARENTPATH put the clone under that folder; this link does not support them.

    The query is encoded as nbgitpuller's link generator encodes it (URLSearchParams):
    >>> nbgitpuller_url("https://hub.example.org", "https://github.com/o/r", "main",
    ...                 "notebooks/00-start-here.ipynb")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr&urlpath=lab%2Ftree%2Fr%2Fnotebooks%2F00-start-here.ipynb&branch=main&targetpath=r'
    """
    parts = urlsplit(hub_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub_url must be an http(s) address, e.g. https://hub.example.org, not {hub_url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"hub_url must not carry a query or fragment: {hub_url!r}")
    if not repo_url or not branch:
        raise ValueError("repo_url and branch are required")
    folder = default_folder(repo_url) if folder is None else folder.strip("/")
    if not folder or folder.startswith("..") or "/../" in f"/{folder}/":
        raise ValueError(f"folder must be a relative path inside the server root, not {folder!r}")
    inner = "/".join(p for p in (folder, urlpath_in_repo.strip("/")) if p)
    # The page path itself is a URL path: quote its segments (no-op for the course's file names).
    urlpath = "lab/tree/" + quote(inner, safe="/")
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/hub/user-redirect/git-pull"
    query = _form_encode([("repo", repo_url), ("urlpath", urlpath), ("branch", branch),
                          ("targetpath", folder)])
    return f"{base}?{query}"


# --------------------------------------------------------------------------- the course's links
"""The rest of this module writes the course's launch links from course.yml ``repository:``:

    python -m coursekit.maintainer.launch_links --write              # README and every notebook header
    python -m coursekit.maintainer.launch_links --write --hub URL    # set hub_url in course.yml, then write
    python -m coursekit.maintainer.launch_links --write --hub ""     # no hub links (the published default)
    python -m coursekit.maintainer.launch_links --check              # exit 1 if anything is stale

Links are plain text: nothing in a header or the README loads from off the machine (no badge image).
"""
import argparse  # noqa: E402  (the link builder above stays importable on its own)
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "course.yml"
README = ROOT / "README.md"
FOLDERS = ("notebooks", "solutions", "exercises")
BINDER = "https://mybinder.org"
# A header's launch part, old (badge image) or new (text), with its optional hub link: what --write replaces.
LAUNCH_PART = re.compile(
    r"\[(?:!\[[^\]\n]*\]\([^)\s]*\)|Launch [^\]\n]* on Binder)\]\(https://mybinder\.org/[^)\s]*\)"
    r"(?: · \[Launch [^\]\n]* JupyterHub\]\([^)\s]*\))?")
README_BLOCKS = ("launch-links", "hub-links")
NOUN = {"notebooks": "this lesson", "solutions": "these solutions", "exercises": "these exercises"}


def settings(path: Path = CATALOGUE) -> dict:
    """course.yml's ``repository:`` with defaults: github, branch, hub_url ('' = none), hub_folder."""
    import yaml

    repo = dict(yaml.safe_load(path.read_text(encoding="utf-8"))["repository"])
    repo.setdefault("branch", "main")
    repo["hub_url"] = (repo.get("hub_url") or "").strip()
    repo.setdefault("hub_folder", repo["github"].split("/")[-1])
    return repo


def repo_url(path: Path = CATALOGUE) -> str:
    return f"https://github.com/{settings(path)['github']}"


def binder_url(notebook_path: str, path: Path = CATALOGUE) -> str:
    """Binder launch link opening ``notebook_path`` (e.g. ``notebooks/00-start-here.ipynb``) in JupyterLab."""
    repo = settings(path)
    return f"{BINDER}/v2/gh/{repo['github']}/{repo['branch']}?urlpath=lab/tree/{notebook_path}"


def hub_url_for(notebook_path: str, path: Path = CATALOGUE, hub: str | None = None) -> str | None:
    """The nbgitpuller link opening ``notebook_path`` on the hub (``hub`` or course.yml's hub_url), or None."""
    repo = settings(path)
    hub = repo["hub_url"] if hub is None else hub
    if not hub:
        return None
    return nbgitpuller_url(hub, repo_url(path), repo["branch"], notebook_path, folder=repo["hub_folder"])


def launch_part(notebook_path: str, path: Path = CATALOGUE) -> str:
    """The launch links a notebook's header carries, e.g. ``[Launch this lesson on Binder](…)``."""
    noun = NOUN[notebook_path.split("/")[0]]
    text = f"[Launch {noun} on Binder]({binder_url(notebook_path, path)})"
    hub = hub_url_for(notebook_path, path)
    if hub:
        text += f" · [Launch {noun} on the class JupyterHub]({hub})"
    return text


def with_launch_part(source: str, notebook_path: str, path: Path = CATALOGUE, insert: bool = True) -> str:
    """``source`` (a header cell) with its launch part for ``notebook_path``. A header without one gets
    it in front of its 'Figures as of' line, or as a paragraph after the title block (``insert``)."""
    wanted = launch_part(notebook_path, path)
    found = LAUNCH_PART.findall(source)
    if len(found) > 1:
        raise ValueError(f"{notebook_path}: the header has {len(found)} launch parts; keep one")
    if found:
        return LAUNCH_PART.sub(lambda _m: wanted, source)
    if not insert:
        return source
    lines = source.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("Figures as of"):
            lines[i] = f"{wanted} · {line}"
            return "\n".join(lines)
    blank = next((i for i, line in enumerate(lines) if i > 0 and not line.strip()), None)
    if blank is None:
        return source + "\n\n" + wanted
    # after the title and its first paragraph (the lesson's question), as the published headers do
    second = next((i for i in range(blank + 1, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[:second] + ["", wanted] + lines[second:])


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (root / folder).glob("[0-9][0-9]-*.ipynb"))


def readme_block(name: str, path: Path = CATALOGUE) -> str:
    repo = settings(path)
    start = "notebooks/00-start-here.ipynb"
    if name == "launch-links":
        text = f"**[Launch the course on Binder]({binder_url(start, path)})** (no install; opens lesson 00)"
        hub = hub_url_for(start, path)
        if hub:
            text += f" · **[Launch the course on the class JupyterHub]({hub})**"
        return text + "."
    if name == "hub-links":
        example = nbgitpuller_url("https://YOUR-HUB", repo_url(path), repo["branch"], start, folder=repo["hub_folder"])
        now = (f"This copy is set up for `{repo['hub_url']}`: the links above and in the headers open it."
               if repo["hub_url"] else "No hub is set in this copy, so only Binder links are written.")
        return "\n".join([
            f"  nbgitpuller, installed on the hub, clones the course into `{repo['hub_folder']}/` in each learner's",
            "  home folder on the first visit, and on later visits merges the latest version in without",
            "  overwriting their edits, then opens the lesson. The link for lesson 00 on a hub at `https://YOUR-HUB`:",
            f"  `{example}`",
            "  Set the hub once, `python -m coursekit.maintainer.launch_links --write --hub https://YOUR-HUB`",
            "  (it saves `hub_url` in `course.yml`), and the links above, the lesson table and every notebook's",
            f"  header get their own hub link. {now}"])
    raise KeyError(name)


def readme_with_links(text: str, path: Path = CATALOGUE, root: Path = ROOT) -> str:
    """README text with its generated launch blocks and lesson table (catalog) current."""
    from coursekit.maintainer import catalog

    for name in README_BLOCKS:
        start_mark, end_mark = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        if start_mark not in text or end_mark not in text:
            raise ValueError(f"README.md lacks the markers {start_mark} … {end_mark}")
        start, end = text.index(start_mark) + len(start_mark), text.index(end_mark)
        indent = text[text.rindex("\n", 0, end) + 1:end]  # an indented end marker keeps its indentation
        text = text[:start] + "\n" + readme_block(name, path) + "\n" + indent + text[end:]
    return catalog.readme_with_table(text, path, root)


def stale(root: Path = ROOT, path: Path = CATALOGUE) -> dict[Path, str]:
    """``{file: the text it should hold}`` for README.md and every notebook whose links are stale."""
    import nbformat

    out = {}
    readme = root / "README.md"
    current = readme.read_text(encoding="utf-8")
    wanted = readme_with_links(current, path, root)
    if wanted != current:
        out[readme] = wanted
    for nb_path in notebooks(root):
        notebook = nbformat.read(nb_path, as_version=4)
        header = notebook.cells[0]
        rel = f"{nb_path.parent.name}/{nb_path.name}"
        new = with_launch_part(header.source, rel, path)
        if new != header.source:
            header.source = new
            out[nb_path] = nbformat.writes(notebook) + "\n"
    return out


def set_hub(hub: str, path: Path = CATALOGUE) -> None:
    """Write ``hub_url`` into course.yml, keeping its comments and layout."""
    if hub:
        nbgitpuller_url(hub, "https://example.org/r", "main")  # validates hub or raises ValueError
    text = path.read_text(encoding="utf-8")
    line = re.compile(r'^(  hub_url:).*$', re.M)
    if not line.search(text):
        raise ValueError("course.yml: no '  hub_url:' line under repository:")
    path.write_text(line.sub(lambda m: f'{m.group(1)} "{hub}"', text, count=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Binder and nbgitpuller launch links from course.yml")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="exit 1 if the README or a header is stale")
    group.add_argument("--write", action="store_true", help="rewrite the README's links and every header's")
    group.add_argument("--url", metavar="NOTEBOOK", help="print the links for one notebook, e.g. notebooks/01-….ipynb")
    parser.add_argument("--hub", metavar="URL", help="with --write: save this hub_url in course.yml first ('' for none)")
    args = parser.parse_args(argv)
    if args.hub is not None and not args.write:
        parser.error("--hub goes with --write")
    if args.url:
        print(binder_url(args.url))
        hub = hub_url_for(args.url)
        if hub:
            print(hub)
        return 0
    if args.hub is not None:
        set_hub(args.hub.strip())
    todo = stale()
    if args.check:
        if todo:
            names = ", ".join(str(p.relative_to(ROOT)) for p in todo)
            print(f"Launch links are stale in {names}: run `python -m coursekit.maintainer.launch_links --write`.")
            return 1
        print("Launch links are current.")
        return 0
    for file, text in todo.items():
        file.write_text(text, encoding="utf-8")
        print(f"updated {file.relative_to(ROOT)}")
    if not todo:
        print("Launch links were already current.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
