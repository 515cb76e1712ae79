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
