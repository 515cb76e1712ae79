"""Helpers for tests/test_browser.py and tests/test_browser_lesson09.py: a throw-away JupyterLab server and
Debian's Chromium, one of each per test process, shared by both files (``browser_session``).

Kept apart from the test so the test reads as a list of promises ("every chart is drawn",
"a right answer says Correct") and the plumbing lives here. Standard library and coursekit
only, apart from Playwright, which the test imports itself.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from coursekit.progress import PROGRESS_VARIABLE

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR_VARIABLE = "COURSE_NOTEBOOK_DIR"  # development only; default is the repo's notebooks/
ARTIFACT_DIR = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
SERVER_START_TIMEOUT = 60.0
EXERCISE_DIR = REPO / "exercises"
# axe-core, vendored from the npm registry (tests/vendor/axe-core/README.md): no network at test time.
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_JS = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"
ACCESSIBILITY_DIR = REPO / "test-artifacts" / "accessibility"
VIEWPORT = {"width": 1280, "height": 900}


def notebooks_dir() -> Path:
    override = os.environ.get(NOTEBOOK_DIR_VARIABLE)
    return Path(override).resolve() if override else REPO / "notebooks"


def lesson_notebooks(folder: Path | None = None) -> list[Path]:
    """Every lesson notebook, ``NN-name.ipynb``, in course order."""
    return sorted((folder or notebooks_dir()).glob("[0-9][0-9]-*.ipynb"))


def notebook_source(path: Path) -> str:
    """All code-cell source of a notebook joined together (to see which helpers it calls)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            parts.append("".join(source) if isinstance(source, list) else source)
    return "\n".join(parts)


def count_mime_outputs(notebook: dict[str, Any], mime: str = VEGALITE_MIME) -> int:
    """Outputs in an nbformat notebook (as a dict) that carry ``mime``."""
    return sum(
        1
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "code"
        for output in cell.get("outputs", [])
        if mime in (output.get("data") or {})
    )


def chart_descriptions(notebook: dict[str, Any], mime: str = VEGALITE_MIME) -> list[str]:
    """The top-level ``description`` of every Vega-Lite output, in output order ('' when absent)."""
    found = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            spec = (output.get("data") or {}).get(mime)
            if spec is not None:
                description = spec.get("description") if isinstance(spec, dict) else None
                found.append(description if isinstance(description, str) else "")
    return found


def error_outputs(notebook: dict[str, Any]) -> list[str]:
    """``ename: evalue`` for every error output in an nbformat notebook (as a dict)."""
    return [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_home(base: Path) -> dict[str, str]:
    """Environment variables sending HOME, XDG and Jupyter/IPython state into ``base``."""
    dirs = {
        "HOME": base / "home",
        "XDG_CONFIG_HOME": base / "home" / ".config",
        "XDG_CACHE_HOME": base / "home" / ".cache",
        "XDG_DATA_HOME": base / "home" / ".local" / "share",
        "XDG_RUNTIME_DIR": base / "xdg-runtime",
        "JUPYTER_CONFIG_DIR": base / "jupyter" / "config",
        "JUPYTER_DATA_DIR": base / "jupyter" / "data",
        "JUPYTER_RUNTIME_DIR": base / "jupyter" / "runtime",
        "IPYTHONDIR": base / "ipython",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    os.chmod(dirs["XDG_RUNTIME_DIR"], 0o700)
    return {name: str(path) for name, path in dirs.items()}


def quiet_lab_settings(jupyter_config_dir: Path) -> None:
    """Answer JupyterLab's "notified about official Jupyter news?" toast with "no"; draw all cells.

    ``--LabApp.news_url=None`` stops the fetching but not the question: JupyterLab 4.6 asks
    whenever the ``fetchNews`` setting is undecided, and the toast can cover buttons the
    test clicks. Written into the test server's own (temporary) user settings only.
    """
    folder = jupyter_config_dir / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # Draw every cell, not only those near the viewport, so the full-page screenshot (and a
    # reviewer reading it) sees the whole lesson down to its quiz and verdicts.
    notebook = jupyter_config_dir / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True, exist_ok=True)
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")


class LabServer:
    """JupyterLab on 127.0.0.1, a random port and token, serving a temp copy of the notebooks.

    Use as a context manager: the server (and its kernels) are stopped on exit, also when the
    body raised.
    """

    def __init__(self, source_notebooks: Path, extra_folders: dict[str, Path] | None = None) -> None:
        self.source_notebooks = source_notebooks
        # Further folders served beside the notebooks, e.g. {"exercises": EXERCISE_DIR}: <root>/exercises/.
        self.extra_folders = dict(extra_folders or {})
        self.base = Path(tempfile.mkdtemp(prefix="course-browser-"))
        self.root = self.base / "notebooks"
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.log_path = self.base / "jupyterlab.log"
        # Learners' progress (quiz answers, verdicts) goes here, never into the repository.
        self.progress_file = self.base / "progress" / "learner-progress.json"
        self.process: subprocess.Popen[bytes] | None = None

    # -- life cycle
    def __enter__(self) -> "LabServer":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        # A copy, so JupyterLab's autosave can never write outputs into the repository.
        shutil.copytree(self.source_notebooks, self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        for name, folder in self.extra_folders.items():
            if folder.is_dir():
                shutil.copytree(folder, self.root / name,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        env = {**os.environ, **private_home(self.base / "state")}
        quiet_lab_settings(Path(env["JUPYTER_CONFIG_DIR"]))
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        env[PROGRESS_VARIABLE] = str(self.progress_file)
        command = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
            command.append("--allow-root")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=self.base, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.wait_ready()

    def wait_ready(self, timeout: float = SERVER_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(f"{self.base_url}/api/status",
                                         headers={"Authorization": f"token {self.token}"})
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        json.load(response)
                        return
            except (urllib.error.URLError, ConnectionError, OSError, ValueError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"JupyterLab did not answer /api/status within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if process is not None:
            try:  # kernels the server may have left behind share its process group
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        log = getattr(self, "_log", None)
        if log is not None and not log.closed:
            log.close()
        shutil.rmtree(self.base, ignore_errors=True)

    # -- addresses
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, notebook_name: str) -> str:
        return f"{self.base_url}/lab/tree/{notebook_name}?reset&token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def browser_context(playwright: Any, base: Path, viewport: dict[str, int]) -> Any:
    """A persistent Chromium context with a fresh profile and its own HOME/XDG folders."""
    env = {**os.environ, **private_home(base / "chromium-home")}
    return playwright.chromium.launch_persistent_context(
        str(base / "chromium-profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_FLAGS,
        headless=True,
        env=env,
        viewport=viewport,
        timeout=60_000,
    )



# --------------------------------------------------------------------------- off-machine requests
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension", "devtools"}


def is_local_url(url: str) -> bool:
    """True for what stays on this machine: 127.0.0.1/localhost (any port), data:, blob:, about:."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


class RequestLog:
    """Every request a browser context makes (pages, workers, images, fonts), kept to check none leaves the machine.

    ``watch(context)`` listens on the context (all its pages, service workers included); ``mark()`` and
    ``off_machine(since)`` give the requests made after a point, so each notebook is judged by its own.
    """

    def __init__(self) -> None:
        self.urls: list[str] = []

    def watch(self, context: Any) -> "RequestLog":
        context.on("request", lambda request: self.urls.append(request.url))
        return self

    def mark(self) -> int:
        return len(self.urls)

    def off_machine(self, since: int = 0) -> list[str]:
        seen: list[str] = []
        for url in self.urls[since:]:
            if not is_local_url(url) and url not in seen:
                seen.append(url)
        return seen


# --------------------------------------------------------------------------- one session per test process
# Every request the shared browser context makes (each notebook is judged by those made while it was run).
REQUESTS = RequestLog()
# Pages whose lesson has been run, kept open for later tests in either browser test file, so each lesson is
# opened and run once per process (lesson 09's keyboard tests go on with the page tests/test_browser.py ran).
RUN_PAGES: dict[str, Any] = {}


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run `make .venv/.test-installed` (tests/requirements.txt)"
    return None


def shutdown_page(page: Any) -> None:
    """Stop the page's kernels and close it, so kernels do not pile up across notebooks."""
    try:
        page.evaluate("""async () => {
            for (const w of window.jupyterapp.shell.widgets('main')) {
                if (w.sessionContext) { await w.sessionContext.shutdown(); }
            }
        }""")
    except Exception:  # the page or server may already be gone; the server stop cleans up
        pass
    try:
        page.close()
    except Exception:
        pass


@contextmanager
def lab_and_browser(viewport: dict[str, int] = VIEWPORT) -> Iterator[tuple[LabServer, Any]]:
    """One JupyterLab server (notebooks/, exercises/ beside them) and one Chromium context with a fresh
    profile and HOME, watched by REQUESTS. On exit the kept pages' kernels are shut down, then everything stops."""
    from playwright.sync_api import sync_playwright

    base = Path(tempfile.mkdtemp(prefix="course-chromium-"))
    with LabServer(notebooks_dir(), extra_folders={"exercises": EXERCISE_DIR}) as server:
        playwright = sync_playwright().start()
        context = None
        try:
            context = browser_context(playwright, base, viewport)
            context.set_default_timeout(15_000)
            REQUESTS.watch(context)
            yield server, context
        finally:
            for page in RUN_PAGES.values():
                shutdown_page(page)
            RUN_PAGES.clear()
            if context is not None:
                context.close()
            playwright.stop()
            shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- axe-core audit
def axe_source() -> str:
    """The vendored axe-core, after checking it is the pinned file."""
    data = AXE_JS.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise RuntimeError(f"{AXE_JS} is not axe-core {AXE_VERSION} as vendored (SHA-256 {digest}, "
                           f"expected {AXE_SHA256}); see tests/vendor/axe-core/README.md")
    return data.decode("utf-8")


# The course's own content: rendered markdown and cell outputs (charts, tables, widgets). JupyterLab's own
# controls that sit inside them (a heading's anchor link and collapse button) are JupyterLab's.
COURSE_CONTENT = ".jp-RenderedMarkdown, .jp-OutputArea-output"
LAB_CONTROLS_IN_CONTENT = ".jp-InternalAnchorLink, .jp-collapseHeadingButton, .jp-OutputArea-promptOverlay"
BLOCKING_IMPACTS = ("serious", "critical")

_AXE_RUN = """async ([content, labControls, scope]) => {
    const root = scope ? document.querySelector(scope) : document;
    const results = await window.axe.run(root || document, {resultTypes: ['violations']});
    const find = (target) => { try { return document.querySelector(Array.isArray(target) ? target[0] : target); }
                               catch (e) { return null; } };
    return results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => {
            const el = find(n.target[0]);
            const course = !!(el && el.closest(content) && !el.closest(labControls));
            return {target: n.target.map(String), html: (n.html || '').slice(0, 300), impact: n.impact,
                    course: course, summary: (n.failureSummary || '').slice(0, 400)};
        }),
    }));
}"""


def run_axe(page: Any, scope: str | None = None) -> list[dict[str, Any]]:
    """Inject axe-core into ``page`` (once) and audit it; each violation's nodes say whether they are course content.

    ``scope``: a CSS selector to audit (default: the whole document). Injected with ``evaluate``, so no
    request is made and JupyterLab's content security policy does not apply."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(_AXE_RUN, [COURSE_CONTENT, LAB_CONTROLS_IN_CONTENT, scope])


def split_axe_findings(violations: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``{"course": [...], "jupyterlab": [...]}``: each violation with only its nodes of that side."""
    sides: dict[str, list[dict[str, Any]]] = {"course": [], "jupyterlab": []}
    for violation in violations:
        for side, wanted in (("course", True), ("jupyterlab", False)):
            nodes = [node for node in violation["nodes"] if node["course"] is wanted]
            if nodes:
                sides[side].append({**violation, "nodes": nodes})
    return sides


def axe_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    """Nodes per impact (critical, serious, moderate, minor) over a list of violations."""
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for violation in findings:
        for node in violation["nodes"]:
            impact = node.get("impact") or violation.get("impact") or "minor"
            counts[impact] = counts.get(impact, 0) + 1
    return counts


def blocking(findings: list[dict[str, Any]]) -> list[str]:
    """'rule-id (impact): help, N nodes, e.g. <target>' for every serious or critical violation."""
    lines = []
    for violation in findings:
        nodes = [n for n in violation["nodes"] if (n.get("impact") or violation.get("impact")) in BLOCKING_IMPACTS]
        if nodes:
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}, {len(nodes)} node(s), "
                         f"e.g. {nodes[0]['target']} {nodes[0]['html'][:160]!r}")
    return lines


def write_axe_report(name: str, violations: list[dict[str, Any]]) -> tuple[Path, str]:
    """test-artifacts/accessibility/<name>.json (and a line in summary.md); returns the path and a one-line summary."""
    ACCESSIBILITY_DIR.mkdir(parents=True, exist_ok=True)
    sides = split_axe_findings(violations)
    counts = {side: axe_counts(found) for side, found in sides.items()}
    path = ACCESSIBILITY_DIR / f"{Path(name.replace('/', '-')).stem}.json"
    path.write_text(json.dumps({"notebook": name, "axe_core": AXE_VERSION, "counts": counts, **sides},
                               indent=1), encoding="utf-8")

    def fmt(c: dict[str, int]) -> str:
        return ", ".join(f"{c[k]} {k}" for k in ("critical", "serious", "moderate", "minor"))

    def rules(found: list[dict[str, Any]]) -> str:
        return "; ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in found) or "none"

    line = f"axe {AXE_VERSION} {name}: course content {fmt(counts['course'])}; JupyterLab {fmt(counts['jupyterlab'])}"
    with (ACCESSIBILITY_DIR / "summary.md").open("a", encoding="utf-8") as summary:
        summary.write(f"- {time.strftime('%Y-%m-%d %H:%M:%S')} `{name}`: course content: {rules(sides['course'])}; "
                      f"JupyterLab's own: {rules(sides['jupyterlab'])}\n")
    return path, line


# The notebook panel called ``name`` in JupyterLab's main area, found from the page (both browser test files use it).
FIND_PANEL = """(name) => {
    if (!window.jupyterapp || !window.jupyterapp.shell) return null;
    for (const w of window.jupyterapp.shell.widgets('main')) {
        if (w.context && w.context.path === name) return w;
    }
    return null;
}"""


def panel_js(body: str) -> str:
    """A page function ``(name) => ...`` with ``panel`` bound to the notebook called name."""
    return f"(name) => {{ const panel = ({FIND_PANEL})(name); {body} }}"
