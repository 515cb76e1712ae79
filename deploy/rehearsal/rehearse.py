"""A JupyterHub classroom rehearsal on this machine: `make rehearsal` (LEARNERS=N, default 5).

What it does, end to end, on 127.0.0.1 only:
1. copies the course's committed `main` into a local bare repository (the class's "GitHub"),
2. starts a real JupyterHub (configurable-http-proxy from npm, SharedPasswordAuthenticator,
   SimpleLocalProcessSpawner with one home folder per learner under a temporary folder,
   nbgitpuller in every single-user server), see jupyterhub_config.py,
3. for each learner at once (lessons 00, 01, … in turn): opens their lesson's nbgitpuller link, or
   the hub's own address (every other learner; the hub's default URL is the link's target), logs in,
   waits for the server, lets nbgitpuller clone the course, opens JupyterLab, starts a kernel for the
   lesson and runs every code cell of it through the kernel's websocket, as JupyterLab would,
4. prints per-learner memory (single-user server and kernel, resident now and peak, from /proc)
   and the time from clicking the link to the lesson's last cell done, the hub's and proxy's
   memory, and a sizing line; when every lesson was run, records the figures in deploy/sizing.json
   and deploy/README.md,
5. re-pulls for one learner after they edited the lesson and added a file while the course
   changed upstream, and checks both survived nbgitpuller's merge,
6. stops everything and checks that no process it started is left (also on failure or Ctrl+C).

The functions above the line "The rehearsal itself" are pure and tested (tests/test_rehearsal.py);
they use the standard library (and the course's own link builder). The rest needs the hub's venv
(.venv-hub, made by `make rehearsal`).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SIZING_FILE = REPO / "deploy" / "sizing.json"
START_PAGE = "notebooks/00-start-here.ipynb"  # where the hub's default URL opens, as in deploy/z2jh/values.yaml

# The sizing rule (deploy/README.md, docs/instructor-guide.md "How big a hub"): a learner has the lesson
# and its exercise open, so two kernels besides their server, each at the peak measured here, plus a
# quarter for headroom (a learner's own experiments, a larger lesson); the hub and proxy once.
KERNELS_PER_LEARNER = 2
HEADROOM = 1.25


def learner_names(count: int) -> list[str]:
    """``learner-01`` … : the usernames the rehearsal logs in (allowed_users of the hub)."""
    if count < 1:
        raise ValueError(f"at least one learner, not {count}")
    width = max(2, len(str(count)))
    return [f"learner-{i:0{width}d}" for i in range(1, count + 1)]


def hub_config(settings: dict) -> dict[str, dict]:
    """The JupyterHub traits for the rehearsal's settings, ``{section: {trait: value}}``.

    ``settings`` holds: workdir, homes, venv, chp (configurable-http-proxy's path), proxy_port,
    proxy_api_port, hub_port, password, learners, allow_root. Everything listens on 127.0.0.1.
    """
    workdir = Path(settings["workdir"])
    venv = Path(settings["venv"])
    # Kernels talk to their server over Unix sockets, not TCP ports: on one busy machine a kernel's
    # five ports, chosen by its server and bound by the kernel seconds later, were taken in between
    # by another process in the second rehearsal; the kernel died and jupyter_client's restarts kept
    # the same taken port (deploy/README.md, "A single machine").
    args = ["--KernelManager.transport=ipc"] + (["--allow-root"] if settings.get("allow_root") else [])
    return {
        "JupyterHub": {
            "bind_url": f"http://127.0.0.1:{settings['proxy_port']}",
            "hub_ip": "127.0.0.1",
            "hub_port": settings["hub_port"],
            "authenticator_class": "shared-password",
            "spawner_class": "simple",
            "db_url": f"sqlite:///{workdir / 'jupyterhub.sqlite'}",
            "cookie_secret_file": str(workdir / "jupyterhub_cookie_secret"),
            "pid_file": str(workdir / "jupyterhub.pid"),
            # Stopping the hub stops every learner's server and the proxy (the rehearsal checks).
            "cleanup_servers": True,
            "cleanup_proxy": True,
        },
        "ConfigurableHTTPProxy": {
            "command": [str(settings["chp"])],
            "api_url": f"http://127.0.0.1:{settings['proxy_api_port']}",
        },
        "Authenticator": {"allowed_users": set(settings["learners"])},
        "SharedPasswordAuthenticator": {"user_password": settings["password"]},
        "Spawner": {
            "cmd": [str(venv / "bin" / "jupyterhub-singleuser")],
            "args": args,
            "ip": "127.0.0.1",
            # The nbgitpuller link's own target, as deploy/z2jh/values.yaml sets it (default: JupyterLab).
            "default_url": settings.get("default_url") or "/lab",
            # A class arriving at once on a small machine: give slow starts time rather than fail.
            "start_timeout": 180,
            "http_timeout": 180,
        },
        "SimpleLocalProcessSpawner": {"home_dir_template": str(Path(settings["homes"]) / "{username}")},
    }


def learner_environment(settings: dict, home: str, username: str) -> dict[str, str]:
    """Environment of a learner's server beyond JupyterHub's own.

    PYTHONPATH: the course's code is imported from the learner's clone (deploy/README.md, "The environment").
    JUPYTER_RUNTIME_DIR: a short folder for the kernels' Unix sockets, whose paths may not exceed 107 bytes
    (the default under the home folder is too long for a socket named after the kernel's id).
    """
    return {
        "PYTHONPATH": str(Path(home) / settings["course_folder"] / "src"),
        "JUPYTER_RUNTIME_DIR": str(Path(settings["workdir"]) / "run" / username),
    }


def proc_status_kib(text: str) -> dict[str, int]:
    """``{"VmRSS": kib, "VmHWM": kib}`` from the text of ``/proc/PID/status`` (resident now, peak resident)."""
    values = {}
    for key in ("VmRSS", "VmHWM"):
        match = re.search(rf"^{key}:\s+(\d+)\s+kB\s*$", text, re.MULTILINE)
        if not match:
            raise ValueError(f"no {key} line in /proc status text")
        values[key] = int(match.group(1))
    return values


def proc_pss_kib(smaps_rollup_text: str) -> int:
    """Proportional set size in KiB from ``/proc/PID/smaps_rollup``: shared pages split among their users."""
    match = re.search(r"^Pss:\s+(\d+)\s+kB\s*$", smaps_rollup_text, re.MULTILINE)
    if not match:
        raise ValueError("no Pss line in /proc smaps_rollup text")
    return int(match.group(1))


def proc_ppid(stat_text: str) -> int:
    """The parent PID from the text of ``/proc/PID/stat`` (the command name may hold spaces and parentheses)."""
    return int(stat_text[stat_text.rindex(")") + 2:].split()[1])


def proc_cpu_ticks(stat_text: str) -> int:
    """User plus system CPU time in clock ticks from ``/proc/PID/stat``."""
    fields = stat_text[stat_text.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def descendants(parents: dict[int, int], root: int) -> list[int]:
    """Every PID below ``root`` in a ``{pid: ppid}`` table, nearest first."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, queue = [], [root]
    while queue:
        for child in sorted(children.get(queue.pop(0), [])):
            found.append(child)
            queue.append(child)
    return found


def round_up(value: float, step: float) -> float:
    return math.ceil(value / step - 1e-9) * step


def plan(hub_mb: float, proxy_mb: float, server_peak_mb: float, kernel_peak_mb: float, class_size: int,
         kernels: int = KERNELS_PER_LEARNER, headroom: float = HEADROOM) -> dict:
    """The sizing rule: memory for a class of ``class_size``, from the peaks measured per process.

    per learner = (server + ``kernels`` × kernel) × ``headroom``; the class = hub + proxy + size × per learner.
    Returns per_learner_mb, class_gb (1 GB = 1024 MB, rounded up to half a GB) and the pod's
    Kubernetes figures: guarantee (one server and one kernel at their peaks, rounded up to 64 MB)
    and limit (the per-learner figure rounded up to 128 MB).
    """
    if class_size < 1:
        raise ValueError("class_size must be at least 1")
    per_learner = (server_peak_mb + kernels * kernel_peak_mb) * headroom
    total_mb = hub_mb + proxy_mb + class_size * per_learner
    return {
        "class_size": class_size,
        "per_learner_mb": math.ceil(per_learner),
        "class_gb": round_up(total_mb / 1024, 0.5),
        "guarantee_mb": int(round_up(server_peak_mb + kernel_peak_mb, 64)),
        "limit_mb": int(round_up(per_learner, 128)),
    }


def sizing_line(hub_mb: float, proxy_mb: float, server_peak_mb: float, kernel_peak_mb: float,
                class_size: int = 30) -> str:
    p = plan(hub_mb, proxy_mb, server_peak_mb, kernel_peak_mb, class_size)
    return (f"A class of {class_size} needs about {p['class_gb']:g} GB RAM: hub and proxy "
            f"{hub_mb + proxy_mb:.0f} MB, plus {p['per_learner_mb']} MB per learner (server {server_peak_mb:.0f} MB + "
            f"{KERNELS_PER_LEARNER} kernels × {kernel_peak_mb:.0f} MB at the peaks measured here, "
            f"+{round((HEADROOM - 1) * 100)}% headroom); on Kubernetes guarantee {p['guarantee_mb']} MB "
            f"and limit {p['limit_mb']} MB per learner.")


SIZING_MARKERS = ("<!-- sizing:start -->", "<!-- sizing:end -->")


def sizing_markdown(result: dict) -> str:
    """deploy/README.md's figures block, from the record the rehearsal writes to deploy/sizing.json."""
    rows = ["| Class size | Memory for the hub | Per learner (rule) | Kubernetes guarantee / limit per learner |",
            "|---|---|---|---|"]
    for size, p in result["plan"].items():
        rows.append(f"| {size} | about {p['class_gb']:g} GB | {p['per_learner_mb']} MB | "
                    f"{p['guarantee_mb']} MB / {p['limit_mb']} MB |")
    times = result["seconds_to_first_lesson"]
    lessons = [Path(path).name[:2] for path in result["lessons"]]
    return "\n".join([
        f"- Measured on {result['measured']} on {result['machine']}: {result['learners']} learners at once, "
        f"lessons {lessons[0]}–{lessons[-1]} in turn, each run whole (every code cell), with JupyterHub "
        f"{result.get('jupyterhub', '?')} and nbgitpuller {result.get('nbgitpuller', '?')}.",
        f"- Per learner, peak resident memory: server {result['server_peak_mb']} MB, kernel "
        f"{result['kernel_peak_mb']} MB (the heaviest of the lessons run); one learner's server and kernel together "
        f"at most {result['peak_per_learner_mb']} MB; "
        f"on this one machine the learners' processes took {result['pss_per_learner_one_machine_mb']} MB each "
        f"(PSS, shared pages counted once).",
        f"- The hub {result['hub_peak_mb']} MB and the proxy {result['proxy_peak_mb']} MB, once.",
        f"- From clicking the link to the lesson's last cell done: median {times['median']:g} s, slowest "
        f"{times['max']:g} s, with {result['learners']} learners starting at once (load average "
        f"{result['load_average_before']:g} before they started: the machine was busy with other work).",
        f"- A re-pull after an upstream change kept the learner's edited lesson and new file: "
        f"{'yes' if result.get('repull_keeps_learner_edits') else 'NO'}.",
        "",
        *rows,
    ])


def with_sizing_block(text: str, block: str) -> str:
    """``text`` with the part between the sizing markers replaced by ``block``."""
    start, end = SIZING_MARKERS
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError("deploy/README.md must hold the sizing markers once each")
    head, rest = text.split(start)
    return f"{head}{start}\n{block}\n{end}{rest.split(end, 1)[1]}"


def parse_event_stream(lines) -> list[dict]:
    """The JSON events of a ``text/event-stream`` body (nbgitpuller's progress): one per ``data:`` line."""
    events = []
    for line in lines:
        if isinstance(line, bytes):
            line = line.decode("utf-8", "replace")
        if line.startswith("data:"):
            events.append(json.loads(line[5:].strip()))
    return events


def rehearsal_link(hub: str, upstream: Path, lesson: str, folder: str, branch: str = "main") -> str:
    """The nbgitpuller link a learner clicks: the course's own link builder, pointed at the local upstream."""
    from coursekit.maintainer.launch_links import nbgitpuller_url

    return nbgitpuller_url(hub, f"file://{upstream}", branch, lesson, folder=folder)


def default_url(link: str) -> str:
    """A single-user server's default URL that does what the nbgitpuller ``link`` does: its part after
    ``/hub/user-redirect`` (``/git-pull?repo=…``). A learner who opens the hub's own address gets the pull too."""
    marker = "/hub/user-redirect"
    if marker not in link:
        raise ValueError(f"not an nbgitpuller link through a hub: {link}")
    return link.split(marker, 1)[1]


def server_port_range(ip_local_port_range: str, size: int = 10000) -> tuple[int, int]:
    """Ports for learners' servers just below the kernel's ephemeral range (``/proc/sys/net/ipv4/ip_local_port_range``).

    Why: the hub picks a server's port, then the server binds it seconds later (about 10 s on a busy
    machine). Kernels bind their five ZeroMQ ports anywhere in the ephemeral range; in the first
    rehearsal one did so on a port promised to a server, which then could not start and the hub
    waited on a ZeroMQ socket until its timeout. Ports below that range are never handed out by the OS.
    """
    low = int(ip_local_port_range.split()[0])
    if low - size < 1024:
        raise ValueError(f"no room for {size} server ports below the ephemeral range starting at {low}")
    return low - size, low - 1


def lesson_paths(names: list[str]) -> list[str]:
    """The lessons among repository paths (``notebooks/NN-slug.ipynb``), in order."""
    return sorted(n for n in names if re.fullmatch(r"notebooks/\d\d-[a-z0-9-]+\.ipynb", n))


def assign_lessons(learners: list[str], lessons: list[str]) -> dict[str, str]:
    """Round robin: with as many learners as lessons, every lesson is run once (the sizing takes the heaviest)."""
    if not lessons:
        raise ValueError("no lessons to run")
    return {name: lessons[i % len(lessons)] for i, name in enumerate(learners)}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----------------------------------------------------------------------------------------------------
# The rehearsal itself (needs requests and websocket-client, both in .venv-hub)

def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def process_table() -> dict[int, int]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:
                table[int(entry)] = proc_ppid(stat)
    return table


def cmdline(pid: int) -> str:
    return _read(f"/proc/{pid}/cmdline").replace("\0", " ").strip()


def environ(pid: int) -> dict[str, str]:
    pairs = (item.partition("=") for item in _read(f"/proc/{pid}/environ").split("\0") if "=" in item)
    return {key: value for key, _, value in pairs}


def memory_mb(pid: int) -> dict[str, float]:
    values = proc_status_kib(_read(f"/proc/{pid}/status"))
    return {"rss_mb": values["VmRSS"] / 1024, "peak_mb": values["VmHWM"] / 1024}


def cpu_seconds(pid: int) -> float:
    return proc_cpu_ticks(_read(f"/proc/{pid}/stat")) / os.sysconf("SC_CLK_TCK")


def pss_mb(pids: list[int]) -> float:
    return sum(proc_pss_kib(_read(f"/proc/{pid}/smaps_rollup")) for pid in pids) / 1024


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def machine() -> str:
    total = re.search(r"^MemTotal:\s+(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    return (f"{os.cpu_count()} cores, {int(total.group(1)) / 1024 / 1024:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


class HubProcesses:
    """The hub's process tree, read from /proc: proxy, learners' servers, their kernels."""

    def __init__(self, hub_pid: int):
        self.hub_pid = hub_pid
        self.seen: set[int] = set()

    def snapshot(self) -> dict:
        below = descendants(process_table(), self.hub_pid)
        self.seen.update(below)
        found = {"proxy": [], "servers": {}, "kernels": {}}
        for pid in below:
            line = cmdline(pid)
            if "configurable-http-proxy" in line:
                found["proxy"].append(pid)
            elif "jupyterhub-singleuser" in line:
                found["servers"][environ(pid).get("JUPYTERHUB_USER", "?")] = pid
        table = process_table()
        for user, pid in found["servers"].items():
            found["kernels"][user] = [k for k in descendants(table, pid) if "ipykernel" in cmdline(k)]
            self.seen.update(found["kernels"][user])
        return found


class Learner:
    """One learner's browser: cookies, xsrf, the hub's pages and the server's REST and websocket APIs."""

    def __init__(self, name: str, base: str, password: str, link: str, lesson_in_home: str, by_link: bool = True):
        import requests

        self.name, self.base, self.password, self.link = name, base.rstrip("/"), password, link
        # How the learner arrives: by the nbgitpuller link, or at the hub's address (its default URL pulls).
        self.by_link = by_link
        self.entry = link if by_link else f"{self.base}/hub/"
        self.lesson = lesson_in_home
        self.http = requests.Session()
        self.user_path = f"/user/{name}/"
        self.times: dict[str, float] = {}
        self.errors: list[str] = []
        self.cells_run = 0

    # --- pages and APIs
    def _xsrf(self, path_prefix: str) -> str:
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == path_prefix.rstrip("/"):
                return cookie.value
        raise RuntimeError(f"{self.name}: no _xsrf cookie for {path_prefix}")

    def api(self, method: str, path: str, **kwargs):
        headers = {"X-XSRFToken": self._xsrf(self.user_path), "Sec-Fetch-Mode": "cors",
                   "Sec-Fetch-Site": "same-origin"}
        response = self.http.request(method, f"{self.base}{self.user_path}{path}", headers=headers,
                                     timeout=120, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    # --- the steps a learner takes
    def open_link_and_log_in(self) -> None:
        page = self.http.get(self.entry, timeout=60)
        page.raise_for_status()
        if "/hub/login" not in urlsplit(page.url).path:
            raise RuntimeError(f"{self.name}: {self.entry} did not ask for a login ({page.url})")
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        form_url = page.url if not action else self.base + action.group(1).replace("&amp;", "&")
        response = self.http.post(form_url, data={"username": self.name, "password": self.password,
                                                  "_xsrf": xsrf.group(1) if xsrf else ""}, timeout=200)
        response.raise_for_status()
        self.times["logged_in"] = time.monotonic()
        self._wait_for_pull_page(response)

    def _wait_for_pull_page(self, response, entry: str | None = None) -> None:
        entry = entry or self.entry
        deadline = time.monotonic() + 300
        while not urlsplit(response.url).path.startswith(f"{self.user_path}git-pull"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no server after 300 s (last page {response.url})")
            time.sleep(0.5)
            response = self.http.get(entry, timeout=200)
            response.raise_for_status()
        self.times["server_ready"] = time.monotonic()
        self.pull_page = response

    def pull(self) -> list[dict]:
        """What nbgitpuller's page does in the browser: stream /git-pull/api until finished."""
        query = dict(parse_qsl(urlsplit(self.pull_page.url).query))  # the server's redirect may add a bare '&'
        params = urlencode([("_xsrf", self._xsrf(self.user_path))] +
                           [(k, query[k]) for k in ("repo", "branch", "targetpath") if k in query])
        url = f"{self.base}{self.user_path}git-pull/api?{params}"
        with self.http.get(url, stream=True, timeout=300,
                           headers={"Accept": "text/event-stream", "Sec-Fetch-Mode": "cors"}) as stream:
            stream.raise_for_status()
            events = parse_event_stream(stream.iter_lines())
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"{self.name}: nbgitpuller did not finish: {events[-1:] or 'no events'}")
        self.times["pulled"] = time.monotonic()
        return events

    def open_lab(self) -> None:
        query = dict(parse_qsl(urlsplit(self.pull_page.url).query))
        page = self.http.get(f"{self.base}{self.user_path}{query['urlpath']}", timeout=120)
        page.raise_for_status()
        self.times["lab_open"] = time.monotonic()

    def run_lesson(self) -> None:
        import requests
        import websocket

        model = self.api("GET", f"api/contents/{quote(self.lesson)}?content=1")
        cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
        session = self.api("POST", "api/sessions", json={
            "path": self.lesson, "type": "notebook", "name": Path(self.lesson).name,
            "kernel": {"name": "python3"}})
        kernel_id, client_session = session["kernel"]["id"], uuid.uuid4().hex
        ws_url = (f"ws://{urlsplit(self.base).netloc}{self.user_path}api/kernels/{kernel_id}/channels"
                  f"?session_id={client_session}")
        # The browser's cookies for this path (the hub's and the server's), as its websocket would send them.
        cookie = self.http.prepare_request(
            requests.Request("GET", f"{self.base}{self.user_path}api/kernels")).headers.get("Cookie")
        ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"], timeout=300)
        try:
            self._request(ws, client_session, "kernel_info_request", {})
            self.times["kernel_ready"] = time.monotonic()
            for cell in cells:
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                reply, errors = self._request(ws, client_session, "execute_request", {
                    "code": source, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True})
                self.cells_run += 1
                if reply["content"].get("status") != "ok" or errors:
                    self.errors.append(f"cell {self.cells_run}: {errors or reply['content']}")
                    break
            self.times["lesson_done"] = time.monotonic()
            self._request(ws, client_session, "execute_request", {
                "code": "import coursekit, coursekit.data\nprint(coursekit.__file__, coursekit.data.data_dir())",
                "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False})
            self.coursekit_from = self._last_stdout
        finally:
            ws.close()

    def _request(self, ws, session: str, msg_type: str, content: dict):
        msg_id = uuid.uuid4().hex
        channel = "shell"
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": session, "msg_type": msg_type,
                       "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        reply, idle, errors, stdout = None, False, [], []
        while reply is None or not idle:
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if message.get("channel") == "shell" and kind.endswith("_reply"):
                reply = message
            elif kind == "status" and message["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                errors.append(f"{message['content'].get('ename')}: {message['content'].get('evalue')}")
            elif kind == "stream" and message["content"].get("name") == "stdout":
                stdout.append(message["content"]["text"])
        self._last_stdout = "".join(stdout)
        return reply, errors

    # --- the re-pull check
    def edit_and_add_a_file(self, marker: str) -> None:
        model = self.api("GET", f"api/contents/{quote(self.lesson)}?content=1")
        model["content"]["cells"].append({"cell_type": "markdown", "metadata": {}, "source": marker})
        self.api("PUT", f"api/contents/{quote(self.lesson)}",
                 json={"type": "notebook", "format": "json", "content": model["content"]})
        notes = str(Path(self.lesson).parents[1] / "my-notes.md")
        self.api("PUT", f"api/contents/{quote(notes)}", json={"type": "file", "format": "text", "content": marker})

    def read_text(self, path: str) -> str:
        model = self.api("GET", f"api/contents/{quote(path)}?content=1&format=text&type=file")
        return model["content"]

    def open_link_again(self) -> list[dict]:
        response = self.http.get(self.link, timeout=120)
        response.raise_for_status()
        self._wait_for_pull_page(response, self.link)
        return self.pull()


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", "-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@localhost",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


def stop(pids: list[int], grace: float = 10) -> list[int]:
    """SIGTERM these PIDs (ours only), then SIGKILL what is left after ``grace`` s; returns the killed ones."""
    alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if _running(pid)]
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return alive


def _running(pid: int) -> bool:
    stat = _read(f"/proc/{pid}/stat")
    return bool(stat) and stat[stat.rindex(")") + 2] != "Z"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=5)
    parser.add_argument("--lesson", default=None,
                        help="one notebook path for everyone (default: the lessons in turn, learner 1 gets 00)")
    parser.add_argument("--class-size", type=int, default=30, help="the class the sizing line is for")
    parser.add_argument("--no-write", action="store_true", help="do not write deploy/sizing.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, homes)")
    options = parser.parse_args(argv)

    venv = Path(sys.prefix)
    chp = venv / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if not chp.exists() or not (venv / "bin" / "jupyterhub").exists():
        print(f"rehearsal: {venv} has no JupyterHub or configurable-http-proxy; run `make rehearsal`.", file=sys.stderr)
        return 2
    from coursekit.maintainer import launch_links

    folder = launch_links.settings().get("hub_folder") or "russia-china-paper-tiger"
    workdir = Path(tempfile.mkdtemp(prefix="course-rh-"))  # short: the kernels' socket paths live below it
    names = learner_names(options.learners)
    hub = None
    log = None
    processes: HubProcesses | None = None
    status = 1

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        # 1. The class's upstream: the committed main, as a bare repository named like the course.
        upstream = workdir / "upstream" / folder
        git("clone", "--quiet", "--bare", "--branch", "main", f"file://{REPO}", str(upstream))
        repo_url = f"file://{upstream}"

        # 2. The hub, whose default URL is the nbgitpuller link's target (deploy/z2jh/values.yaml does the same).
        on_main = git("ls-tree", "-r", "--name-only", "main", "notebooks", cwd=upstream).split()
        lessons = [options.lesson] if options.lesson else lesson_paths(on_main)
        if options.lesson and options.lesson not in on_main:
            raise RuntimeError(f"{options.lesson} is not on main")
        assigned = assign_lessons(names, lessons)
        proxy_port = free_port()
        settings = {
            "workdir": str(workdir), "homes": str(workdir / "home"), "venv": str(venv), "chp": str(chp),
            "proxy_port": proxy_port, "proxy_api_port": free_port(), "hub_port": free_port(),
            "password": secrets.token_urlsafe(12), "learners": names, "allow_root": os.geteuid() == 0,
            "course_folder": folder,
            "default_url": default_url(rehearsal_link(f"http://127.0.0.1:{proxy_port}", upstream, START_PAGE, folder)),
        }
        (workdir / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        base = f"http://127.0.0.1:{settings['proxy_port']}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "COURSE_"))}
        env.update(REHEARSAL_SETTINGS=str(workdir / "settings.json"),
                   PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
        log = open(workdir / "hub.log", "w", encoding="utf-8")  # noqa: SIM115 (open while the hub runs)
        print(f"Starting JupyterHub on {base} (logs: {workdir / 'hub.log'}) for {len(names)} learners")
        hub = subprocess.Popen([str(venv / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
                               cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        processes = HubProcesses(hub.pid)
        load_before = os.getloadavg()[0]
        import requests

        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/hub/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if hub.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start:\n{_read(str(workdir / 'hub.log'))[-3000:]}")
            time.sleep(0.3)

        # 3. The class: everyone arrives at once.
        print(f"an nbgitpuller link: {rehearsal_link(base, upstream, lessons[0], folder)}")
        # Odd-numbered learners click their lesson's link; even-numbered ones open the hub's address and log
        # in (the default URL pulls and opens lesson 00), then open their lesson.
        learners = [Learner(name, base, settings["password"], rehearsal_link(base, upstream, assigned[name], folder),
                            f"{folder}/{assigned[name]}", by_link=i % 2 == 0)
                    for i, name in enumerate(names)]

        def session(learner: Learner) -> None:
            try:
                learner.times["clicked"] = time.monotonic()
                learner.open_link_and_log_in()
                learner.pull()
                learner.open_lab()
                learner.run_lesson()
            except Exception as error:  # reported below, after the others finish
                learner.errors.append(f"{type(error).__name__}: {error}")

        threads = [threading.Thread(target=session, args=(learner,), daemon=True) for learner in learners]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(900)

        snap = processes.snapshot()
        learner_pids = [pid for pid in snap["servers"].values()] + [k for ks in snap["kernels"].values() for k in ks]
        together_mb = pss_mb(learner_pids)
        hub_mem = memory_mb(hub.pid)
        proxy_mem = memory_mb(snap["proxy"][0]) if snap["proxy"] else {"rss_mb": 0.0, "peak_mb": 0.0}
        rows = []
        for learner in learners:
            server = snap["servers"].get(learner.name)
            kernels = snap["kernels"].get(learner.name, [])
            row = {"learner": learner.name, "lesson": assigned[learner.name],
                   "arrived_by": "nbgitpuller link" if learner.by_link else "hub address",
                   "errors": learner.errors, "cells_run": learner.cells_run}
            if server:
                row["server"] = memory_mb(server)
                row["server_cpu_s"] = round(cpu_seconds(server), 1)
            if kernels:
                kernel_mem = [memory_mb(k) for k in kernels]
                row["kernel"] = {key: sum(m[key] for m in kernel_mem) for key in ("rss_mb", "peak_mb")}
                row["kernel_cpu_s"] = round(sum(cpu_seconds(k) for k in kernels), 1)
            t = learner.times
            if "lesson_done" in t:
                row["seconds"] = {
                    "to_first_lesson": round(t["lesson_done"] - t["clicked"], 1),
                    "login_and_server": round(t["server_ready"] - t["clicked"], 1),
                    "pull": round(t["pulled"] - t["server_ready"], 1),
                    "lab_and_kernel": round(t["kernel_ready"] - t["pulled"], 1),
                    "run_cells": round(t["lesson_done"] - t["kernel_ready"], 1),
                }
            row["coursekit_from"] = getattr(learner, "coursekit_from", "").strip()
            rows.append(row)

        # 4. Print.
        print(f"\n{len(names)} learners at once on {machine()}; load average before the class {load_before:.1f}")
        print(f"{'learner':<12}{'lesson':<7}{'came by':<9}{'server MB':>10}{'(peak)':>8}{'kernel MB':>11}{'(peak)':>8}"
              f"{'to lesson s':>13}{'  login+spawn / pull / lab+kernel / cells'}")
        for row in rows:
            if "seconds" not in row or "server" not in row or "kernel" not in row:
                print(f"{row['learner']:<12} FAILED: {row['errors']}")
                continue
            s = row["seconds"]
            came = "link" if row["arrived_by"].endswith("link") else "hub"
            print(f"{row['learner']:<12}{Path(row['lesson']).name[:2]:<7}{came:<9}"
                  f"{row['server']['rss_mb']:>10.0f}{row['server']['peak_mb']:>8.0f}"
                  f"{row['kernel']['rss_mb']:>11.0f}{row['kernel']['peak_mb']:>8.0f}{s['to_first_lesson']:>13.1f}"
                  f"  {s['login_and_server']} / {s['pull']} / {s['lab_and_kernel']} / {s['run_cells']}")
        ok_rows = [r for r in rows if "seconds" in r and "server" in r and "kernel" in r and not r["errors"]]
        failures = [r for r in rows if r not in ok_rows]
        wrong_home = [r["learner"] for r in ok_rows
                      if not r["coursekit_from"].startswith(str(workdir / "home" / r["learner"] / folder))]
        print(f"hub {hub_mem['rss_mb']:.0f} MB (peak {hub_mem['peak_mb']:.0f}), "
              f"proxy {proxy_mem['rss_mb']:.0f} MB (peak {proxy_mem['peak_mb']:.0f})")
        print(f"on this one machine the {len(names)} learners' servers and kernels take {together_mb:.0f} MB together "
              f"({together_mb / len(names):.0f} MB each; PSS: pages they share are counted once)")

        result = {}
        if ok_rows:
            # Whole MB, rounded up; the plan is computed from exactly the figures recorded.
            server_peak = math.ceil(max(r["server"]["peak_mb"] for r in ok_rows))
            kernel_peak = math.ceil(max(r["kernel"]["peak_mb"] for r in ok_rows))
            learner_peak = math.ceil(max(r["server"]["peak_mb"] + r["kernel"]["peak_mb"] for r in ok_rows))
            hub_peak, proxy_peak = math.ceil(hub_mem["peak_mb"]), math.ceil(proxy_mem["peak_mb"])
            times = sorted(r["seconds"]["to_first_lesson"] for r in ok_rows)
            print(f"peak per learner (server + kernel): {learner_peak:.0f} MB; time to first executed lesson: "
                  f"median {times[len(times) // 2]:.1f} s, slowest {times[-1]:.1f} s")
            print(sizing_line(hub_peak, proxy_peak, server_peak, kernel_peak, options.class_size))
            result = {
                "measured": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                "machine": machine(),
                "lessons": sorted(set(assigned.values())),
                "jupyterhub": _version("jupyterhub"), "nbgitpuller": _version("nbgitpuller"),
                "load_average_before": round(load_before, 1),
                "learners": len(names),
                "hub_peak_mb": hub_peak, "proxy_peak_mb": proxy_peak,
                "server_peak_mb": round(server_peak), "kernel_peak_mb": round(kernel_peak),
                "peak_per_learner_mb": round(learner_peak),
                "pss_per_learner_one_machine_mb": round(together_mb / len(names)),
                "seconds_to_first_lesson": {"median": times[len(times) // 2], "max": times[-1]},
                "kernel_cpu_s_per_lesson_run": max(r["kernel_cpu_s"] for r in ok_rows),
                "rule": {"kernels_per_learner": KERNELS_PER_LEARNER, "headroom": HEADROOM},
                "plan": {str(size): plan(hub_peak, proxy_peak, server_peak, kernel_peak, size)
                         for size in (20, 30, 60, 100, 200)},
                "per_learner": rows,
            }
        if wrong_home:
            print(f"FAILED: coursekit was not imported from the learner's own clone for {wrong_home}")

        # 5. Re-pull: learner 1 edits the lesson and adds a file; the course changes upstream; they click again.
        repull_ok = False
        if ok_rows:
            first = learners[0]
            marker = f"My own note, kept across a re-pull ({uuid.uuid4().hex[:8]})"
            first.edit_and_add_a_file(marker)
            maintainer = workdir / "maintainer"
            git("clone", "--quiet", repo_url, str(maintainer))
            guide = maintainer / "docs" / "instructor-guide.md"
            upstream_line = f"\n<!-- upstream change for the rehearsal {uuid.uuid4().hex[:8]} -->\n"
            guide.write_text(guide.read_text(encoding="utf-8") + upstream_line, encoding="utf-8")
            git("commit", "--quiet", "-am", "An upstream change during the class", cwd=maintainer)
            git("push", "--quiet", "origin", "main", cwd=maintainer)
            t0 = time.monotonic()
            first.open_link_again()
            lesson_text = first.read_text(first.lesson)
            notes = first.read_text(str(Path(first.lesson).parents[1] / "my-notes.md"))
            guide_text = first.read_text(f"{folder}/docs/instructor-guide.md")
            repull_ok = marker in lesson_text and marker in notes and upstream_line.strip() in guide_text
            print(f"re-pull after an upstream change ({time.monotonic() - t0:.1f} s): the learner's edited lesson "
                  f"{'kept' if marker in lesson_text else 'LOST'}, their new file "
                  f"{'kept' if marker in notes else 'LOST'}, the upstream change "
                  f"{'arrived' if upstream_line.strip() in guide_text else 'MISSING'}")
            result["repull_keeps_learner_edits"] = repull_ok

        status = 0 if (ok_rows and not failures and not wrong_home and repull_ok) else 1
        for row in failures:
            print(f"FAILED: {row['learner']}: {row['errors']}", file=sys.stderr)
        every_lesson = set(assigned.values()) == set(lesson_paths(on_main))
        if result and not options.no_write:
            if status == 0 and not every_lesson:
                print(f"figures not recorded: {len(set(assigned.values()))} of {len(lesson_paths(on_main))} lessons "
                      f"were run; the record covers every lesson (LEARNERS={len(lesson_paths(on_main))} or more)")
            elif status == 0:
                SIZING_FILE.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
                readme = REPO / "deploy" / "README.md"
                readme.write_text(with_sizing_block(readme.read_text(encoding="utf-8"), sizing_markdown(result)),
                                  encoding="utf-8")
                print(f"figures written to {SIZING_FILE.relative_to(REPO)} and deploy/README.md "
                      f"(docs/instructor-guide.md quotes them: check its 'How big a hub')")
            else:
                print("figures not written: the rehearsal failed", file=sys.stderr)
    except KeyboardInterrupt as interrupt:
        print(f"rehearsal interrupted ({interrupt}); stopping everything", file=sys.stderr)
        status = 130
    except Exception as error:
        print(f"rehearsal failed: {type(error).__name__}: {error}", file=sys.stderr)
        status = 1
    finally:
        # 6. Stop: the hub stops the learners' servers (their kernels with them) and the proxy.
        if processes is not None:
            last = processes.snapshot()
            counted = f"{len(last['servers'])} servers, {sum(len(k) for k in last['kernels'].values())} kernels"
        if hub is not None:
            if hub.poll() is None:
                hub.send_signal(signal.SIGTERM)
                try:
                    hub.wait(60)
                except subprocess.TimeoutExpired:
                    hub.kill()
                    hub.wait()
            left = [pid for pid in sorted(processes.seen) if _running(pid)] if processes else []
            if left:
                killed = stop(left)
                print(f"stray processes after the hub stopped: {left} (stopped; {len(killed)} needed SIGKILL)",
                      file=sys.stderr)
                status = status or 1
            else:
                print(f"stopped the hub, which stopped the proxy and the learners' {counted}; no process left running")
        if log is not None:
            log.close()
        if options.keep or status not in (0, 130):
            print(f"kept {workdir} (hub.log, learners' homes)", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
