"""deploy/: the Kubernetes values agree with the rehearsal's measurements and the course's own link.

Why: a memory limit below what a learner actually uses restarts their kernel in class, and a
default URL that drifts from the course's settings (repository, branch, clone folder) opens an
empty or wrong folder for every learner at once. `make rehearsal` writes its measurements to
deploy/sizing.json; the values file is checked against that one record.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from coursekit.maintainer import launch_links

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
VALUES = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
SIZING = json.loads((DEPLOY / "sizing.json").read_text(encoding="utf-8"))


def _rehearse():
    spec = importlib.util.spec_from_file_location("rehearse", DEPLOY / "rehearsal" / "rehearse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mebibytes(quantity: str) -> float:
    """KubeSpawner's byte units (JupyterHub's ByteSpecification): K, M, G, T are powers of 1024."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(quantity))
    assert match, f"memory {quantity!r} is not a number with K, M, G or T"
    return float(match.group(1)) * {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}[match.group(2)]


def test_sizing_record_is_complete_and_dated():
    for key in ("measured", "machine", "learners", "lessons", "hub_peak_mb", "proxy_peak_mb", "server_peak_mb",
                "kernel_peak_mb", "peak_per_learner_mb", "rule", "plan", "per_learner"):
        assert key in SIZING, f"deploy/sizing.json has no {key!r}: run `make rehearsal`"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", SIZING["measured"])
    assert SIZING["repull_keeps_learner_edits"] is True
    assert all(not row["errors"] for row in SIZING["per_learner"])


def test_memory_guarantee_covers_a_learner_running_a_lesson_and_the_limit_follows_the_rule():
    memory = VALUES["singleuser"]["memory"]
    guarantee, limit = mebibytes(memory["guarantee"]), mebibytes(memory["limit"])
    assert guarantee >= SIZING["peak_per_learner_mb"], (
        f"guarantee {memory['guarantee']} is below the measured peak per learner, {SIZING['peak_per_learner_mb']} MB")
    rule = _rehearse().plan(SIZING["hub_peak_mb"], SIZING["proxy_peak_mb"], SIZING["server_peak_mb"],
                            SIZING["kernel_peak_mb"], 30)
    assert limit >= rule["limit_mb"], f"limit {memory['limit']} is below the sizing rule's {rule['limit_mb']} MB"
    assert limit >= guarantee


def test_default_url_is_the_courses_nbgitpuller_link_to_lesson_00():
    settings = launch_links.settings()
    url = VALUES["singleuser"]["defaultUrl"]
    parts = urlsplit(url)
    assert parts.path == "/git-pull"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "repo": launch_links.repo_url(),
        "branch": settings["branch"],
        "targetpath": settings["hub_folder"],
        "urlpath": f"lab/tree/{settings['hub_folder']}/notebooks/00-start-here.ipynb",
    }
    assert (REPO / "notebooks" / "00-start-here.ipynb").exists()
    # Exactly the link the course publishes for a hub, without its hub part.
    link = launch_links.nbgitpuller_url("https://hub.example.org", launch_links.repo_url(), settings["branch"],
                                        "notebooks/00-start-here.ipynb", folder=settings["hub_folder"])
    assert url == _rehearse().default_url(link)


def test_the_kernel_imports_the_course_from_the_learners_clone():
    home = VALUES["singleuser"].get("storage", {}).get("homeMountPath", "/home/jovyan")
    folder = launch_links.settings()["hub_folder"]
    assert VALUES["singleuser"]["extraEnv"]["PYTHONPATH"] == f"{home}/{folder}/src"
    assert (REPO / "src" / "coursekit" / "__init__.py").exists()


def test_idle_servers_are_culled_and_the_authenticator_is_a_locked_placeholder():
    assert VALUES["cull"]["enabled"] is True and VALUES["cull"]["timeout"] >= 1800
    config = VALUES["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "shared-password"
    assert config["SharedPasswordAuthenticator"]["user_password"] == "", "never commit a class password"


def test_the_image_is_built_from_environment_yml_as_binder_builds_it():
    text = (DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8")
    assert "jupyter-repo2docker" in text and "nbgitpuller==" in text
    pinned = re.search(r"nbgitpuller==([\w.]+)", text).group(1)
    requirements = (DEPLOY / "rehearsal" / "requirements.txt").read_text(encoding="utf-8")
    assert f"nbgitpuller=={pinned}" in requirements, "the image and the rehearsal use different nbgitpullers"
    assert (REPO / "environment.yml").exists() and (REPO / "postBuild").exists()


def test_deploy_readme_and_the_instructor_guide_quote_the_recorded_figures():
    rehearse = _rehearse()
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert rehearse.with_sizing_block(readme, rehearse.sizing_markdown(SIZING)) == readme, (
        "deploy/README.md's figures differ from deploy/sizing.json: a successful `make rehearsal` rewrites both")
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## How big a hub", 1)[1].split("\n## ", 1)[0]
    p30 = SIZING["plan"]["30"]
    flat = " ".join(section.split())
    for figure in (f"A class of 30 needs about {p30['class_gb']:g} GB RAM", f"at most {SIZING['peak_per_learner_mb']} MB",
                   f"a guarantee of {p30['guarantee_mb']} MB and a limit of {p30['limit_mb']} MB", SIZING["measured"]):
        assert figure in flat, (f"the instructor guide's 'How big a hub' does not quote {figure!r} from "
                                   f"deploy/sizing.json: update it after `make rehearsal`")


def test_readme_points_instructors_at_deploy():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "deploy/README.md" in readme.split("## For instructors", 1)[1].split("\n## ", 1)[0]
    assert (DEPLOY / "README.md").exists()
