"""The pure parts of the JupyterHub rehearsal (`make rehearsal`, deploy/rehearsal/rehearse.py).

Why: the rehearsal itself is too heavy for `make test` (a real hub, five servers, five kernels, a few
minutes on both cores). What decides its figures and its safety is tested here instead: the hub's
configuration (everything on 127.0.0.1, the learners' code from their own clone), the link learners
click, reading memory and the process tree from /proc, and the sizing rule that turns the measured
peaks into "a class of 30 needs about … GB".
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
REHEARSAL = REPO / "deploy" / "rehearsal"


def _load():
    spec = importlib.util.spec_from_file_location("rehearse", REHEARSAL / "rehearse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rehearse = _load()

SETTINGS = {
    "workdir": "/tmp/r", "homes": "/tmp/r/home", "venv": "/srv/venv-hub", "chp": "/srv/node/chp",
    "proxy_port": 8101, "proxy_api_port": 8102, "hub_port": 8103, "password": "a-shared-secret",
    "learners": ["learner-01", "learner-02"], "allow_root": True, "course_folder": "russia-china-paper-tiger",
}


def test_learner_names_are_zero_padded_and_sorted():
    assert rehearse.learner_names(3) == ["learner-01", "learner-02", "learner-03"]
    names = rehearse.learner_names(120)
    assert names[0] == "learner-001" and names[-1] == "learner-120" and names == sorted(names)
    with pytest.raises(ValueError):
        rehearse.learner_names(0)


def test_hub_config_listens_on_loopback_only_and_uses_the_simple_classes():
    config = rehearse.hub_config(SETTINGS)
    hub = config["JupyterHub"]
    assert hub["bind_url"] == "http://127.0.0.1:8101"
    assert hub["hub_ip"] == "127.0.0.1" and hub["hub_port"] == 8103
    assert config["ConfigurableHTTPProxy"]["api_url"] == "http://127.0.0.1:8102"
    assert config["ConfigurableHTTPProxy"]["command"] == ["/srv/node/chp"]
    assert config["Spawner"]["ip"] == "127.0.0.1"
    assert hub["authenticator_class"] == "shared-password" and hub["spawner_class"] == "simple"
    assert config["Authenticator"]["allowed_users"] == {"learner-01", "learner-02"}
    assert config["SharedPasswordAuthenticator"]["user_password"] == "a-shared-secret"
    assert config["SimpleLocalProcessSpawner"]["home_dir_template"] == "/tmp/r/home/{username}"
    # Every file the hub writes stays in the rehearsal's temporary folder.
    assert hub["db_url"] == "sqlite:////tmp/r/jupyterhub.sqlite"
    assert hub["cookie_secret_file"].startswith("/tmp/r/") and hub["pid_file"].startswith("/tmp/r/")
    assert hub["cleanup_servers"] and hub["cleanup_proxy"]
    assert config["Spawner"]["cmd"] == ["/srv/venv-hub/bin/jupyterhub-singleuser"]
    # Kernels on Unix sockets: no TCP port of theirs for another process to take before they bind it.
    assert config["Spawner"]["args"] == ["--KernelManager.transport=ipc", "--allow-root"]
    assert rehearse.hub_config({**SETTINGS, "allow_root": False})["Spawner"]["args"] == ["--KernelManager.transport=ipc"]


def test_the_config_file_applies_it_and_the_kernel_imports_the_course_from_the_learners_clone(tmp_path, monkeypatch):
    from traitlets.config import Config

    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps(SETTINGS), encoding="utf-8")
    monkeypatch.setenv("REHEARSAL_SETTINGS", str(settings))
    config = Config()
    source = (REHEARSAL / "jupyterhub_config.py").read_text(encoding="utf-8")
    path_before = list(sys.path)
    try:
        exec(compile(source, str(REHEARSAL / "jupyterhub_config.py"), "exec"),
             {"get_config": lambda: config, "__file__": str(REHEARSAL / "jupyterhub_config.py")})
    finally:
        sys.path[:] = path_before
    assert config.JupyterHub.bind_url == "http://127.0.0.1:8101"
    assert config.Spawner.ip == "127.0.0.1"
    spawner = SimpleNamespace(home_dir="/tmp/r/home/learner-02", user=SimpleNamespace(name="learner-02"))
    environment = {name: value(spawner) for name, value in config.Spawner.environment.items()}
    assert environment == {"PYTHONPATH": "/tmp/r/home/learner-02/russia-china-paper-tiger/src",
                           "JUPYTER_RUNTIME_DIR": "/tmp/r/run/learner-02"}


def test_kernel_socket_paths_fit_the_unix_limit():
    # A Unix socket path has at most 107 bytes; jupyter_client names a kernel's sockets
    # <runtime dir>/kernel-<36-character id>-ipc-<1..5>.
    workdir = "/tmp/course-rh-abcdefgh"  # tempfile.mkdtemp(prefix="course-rh-") under /tmp
    runtime = rehearse.learner_environment({**SETTINGS, "workdir": workdir}, "/x", "learner-200")["JUPYTER_RUNTIME_DIR"]
    longest = f"{runtime}/kernel-{'0' * 8}-{'0' * 4}-{'0' * 4}-{'0' * 4}-{'0' * 12}-ipc-5"
    assert len(longest.encode()) <= 107, longest


def test_the_link_learners_click_pulls_the_local_upstream_into_the_course_folder():
    link = rehearse.rehearsal_link("http://127.0.0.1:8101", Path("/tmp/r/upstream/russia-china-paper-tiger"),
                                   "notebooks/01-panic-narrative.ipynb", "russia-china-paper-tiger")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8101", "/hub/user-redirect/git-pull")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "repo": "file:///tmp/r/upstream/russia-china-paper-tiger",
        "branch": "main",
        "targetpath": "russia-china-paper-tiger",
        "urlpath": "lab/tree/russia-china-paper-tiger/notebooks/01-panic-narrative.ipynb",
    }


def test_the_hubs_default_url_is_the_links_target_so_the_hub_address_pulls_too():
    link = rehearse.rehearsal_link("http://127.0.0.1:8101", Path("/tmp/r/upstream/russia-china-paper-tiger"),
                                   "notebooks/01-panic-narrative.ipynb", "russia-china-paper-tiger")
    url = rehearse.default_url(link)
    assert url.startswith("/git-pull?repo=file%3A%2F%2F%2Ftmp%2Fr%2Fupstream")
    assert link == "http://127.0.0.1:8101/hub/user-redirect" + url
    assert rehearse.hub_config({**SETTINGS, "default_url": url})["Spawner"]["default_url"] == url
    assert rehearse.hub_config(SETTINGS)["Spawner"]["default_url"] == "/lab"
    with pytest.raises(ValueError):
        rehearse.default_url("https://mybinder.org/v2/gh/o/r/main")


def test_learners_servers_get_ports_the_os_never_hands_to_kernels():
    assert rehearse.server_port_range("32768\t60999\n") == (22768, 32767)
    assert rehearse.server_port_range("40000 60999", size=5000) == (35000, 39999)
    with pytest.raises(ValueError):
        rehearse.server_port_range("5000 60999")


def test_learners_run_the_lessons_in_turn():
    paths = ["notebooks/quizzes/01-x.yml", "notebooks/01-panic-narrative.ipynb", "notebooks/00-start-here.ipynb",
             "notebooks/predictions/00-start-here.yml", "notebooks/README.md"]
    lessons = rehearse.lesson_paths(paths)
    assert lessons == ["notebooks/00-start-here.ipynb", "notebooks/01-panic-narrative.ipynb"]
    assigned = rehearse.assign_lessons(rehearse.learner_names(3), lessons)
    assert list(assigned.values()) == [lessons[0], lessons[1], lessons[0]]
    with pytest.raises(ValueError):
        rehearse.assign_lessons(["learner-01"], [])


STATUS = """Name:\tpython3
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t  812340 kB
VmSize:\t  790000 kB
VmHWM:\t  160512 kB
VmRSS:\t  150016 kB
RssAnon:\t   90000 kB
"""


def test_memory_is_read_from_proc_status_and_smaps_rollup():
    assert rehearse.proc_status_kib(STATUS) == {"VmRSS": 150016, "VmHWM": 160512}
    with pytest.raises(ValueError):
        rehearse.proc_status_kib("Name:\tkthreadd\nState:\tS\n")  # kernel threads have no VmRSS
    rollup = "55d0-7ffd ---p 00000000 00:00 0  [rollup]\nRss:  150016 kB\nPss:   98765 kB\nPss_Anon: 1 kB\n"
    assert rehearse.proc_pss_kib(rollup) == 98765


def test_parent_pid_and_cpu_time_survive_odd_command_names():
    # comm may hold spaces and ')' : fields are counted after the last ')'.
    stat = "4242 (node (chp) x) S 4200 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 1000"
    assert rehearse.proc_ppid(stat) == 4200
    assert rehearse.proc_cpu_ticks(stat) == 300
    if Path("/proc/self/stat").exists():
        own = Path("/proc/self/stat").read_text()
        assert rehearse.proc_ppid(own) == os.getppid()


def test_descendants_walks_the_whole_tree_and_nothing_else():
    table = {10: 1, 11: 10, 12: 10, 13: 11, 14: 13, 20: 1, 21: 20}
    assert rehearse.descendants(table, 10) == [11, 12, 13, 14]
    assert rehearse.descendants(table, 14) == []
    assert 21 not in rehearse.descendants(table, 10)


def test_the_sizing_rule():
    # hub 130 + proxy 65; server 150, kernel 160: per learner (150 + 2 × 160) × 1.25 = 587.5 MB
    p = rehearse.plan(130, 65, 150, 160, 30)
    assert p["per_learner_mb"] == 588
    assert p["class_gb"] == 17.5  # (195 + 30 × 587.5) / 1024 = 17.4 → rounded up to half a GB
    assert p["guarantee_mb"] == 320  # 310 rounded up to 64 MB
    assert p["limit_mb"] == 640  # 587.5 rounded up to 128 MB
    assert rehearse.plan(130, 65, 150, 160, 60)["class_gb"] == 35.0
    assert rehearse.plan(130, 65, 150, 160, 1, kernels=1, headroom=1.0)["per_learner_mb"] == 310
    with pytest.raises(ValueError):
        rehearse.plan(130, 65, 150, 160, 0)
    line = rehearse.sizing_line(130, 65, 150, 160, 30)
    assert line.startswith("A class of 30 needs about 17.5 GB RAM")
    assert "guarantee 320 MB" in line and "limit 640 MB" in line


def test_the_figures_block_is_written_between_its_markers_only():
    record = {"measured": "2026-12-06", "machine": "2 cores", "learners": 2, "jupyterhub": "6.1.1",
              "nbgitpuller": "1.3.0", "lessons": ["notebooks/00-a.ipynb", "notebooks/01-b.ipynb"],
              "server_peak_mb": 130, "kernel_peak_mb": 140, "peak_per_learner_mb": 270,
              "pss_per_learner_one_machine_mb": 200, "hub_peak_mb": 112, "proxy_peak_mb": 66,
              "seconds_to_first_lesson": {"median": 20.5, "max": 25.0}, "load_average_before": 1.0,
              "repull_keeps_learner_edits": True, "plan": {"30": rehearse.plan(112, 66, 130, 140, 30)}}
    block = rehearse.sizing_markdown(record)
    assert "lessons 00–01 in turn" in block and "| 30 | about 15.5 GB | 513 MB | 320 MB / 640 MB |" in block
    text = "intro\n<!-- sizing:start -->\nold\n<!-- sizing:end -->\nrest\n"
    assert rehearse.with_sizing_block(text, "new") == "intro\n<!-- sizing:start -->\nnew\n<!-- sizing:end -->\nrest\n"
    with pytest.raises(ValueError):
        rehearse.with_sizing_block("no markers", "new")


def test_round_up_is_exact_on_the_step():
    assert rehearse.round_up(640, 128) == 640
    assert rehearse.round_up(640.1, 128) == 768
    assert rehearse.round_up(17.0, 0.5) == 17.0


def test_nbgitpuller_progress_stream_is_parsed():
    body = [b"data: {\"output\": \"$ git clone\\n\", \"phase\": \"syncing\"}", b"", b"data: {\"phase\": \"finished\"}"]
    events = rehearse.parse_event_stream(body)
    assert [e["phase"] for e in events] == ["syncing", "finished"]
