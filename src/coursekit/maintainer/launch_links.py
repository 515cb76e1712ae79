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
