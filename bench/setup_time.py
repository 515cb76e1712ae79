"""Setup time: seconds from `git clone` to JupyterLab answering HTTP, the way a learner starts (`make bench`).

``clone_to_lab_seconds()`` clones the repository's committed HEAD into a temporary folder, runs
``make lab`` there (on a free port, no browser) and stops the clock when the server answers HTTP on
that port (``GET /api``, which needs no token). It then stops the server and deletes the clone.
It measures whatever the package caches hold: call it once first to measure with warm caches.

Run alone: ``python bench/setup_time.py [--runs N] [--python python3.13]`` prints one line per run.
Standard library only.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 600.0
# The outer `make bench` would hand its own variables (VENV=..., -j) to the clone's make.
_INHERITED = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    """True once anything answers HTTP on the port (an error status counts: the server is up)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as response:
            response.read()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    """Stop make and all it started (their own process group: JupyterLab, the bytecode compile), and wait
    until they are gone, so that the next run does not share the machine with them."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            process.poll()  # reap make itself
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


def clone_to_lab_seconds(repo: Path = REPO, python: str | None = None, timeout: float = TIMEOUT_S) -> float:
    """Seconds from `git clone` of ``repo`` to its `make lab` server answering HTTP. Prints nothing.

    ``python`` is passed to make as PYTHON (default: the Makefile's, python3). Raises RuntimeError
    with the end of make's output if make stops first, TimeoutError after ``timeout`` seconds.
    """
    env = {k: v for k, v in os.environ.items() if k not in _INHERITED}
    with tempfile.TemporaryDirectory(prefix="course-setup-") as tmp:
        clone, log_path = Path(tmp) / "course", Path(tmp) / "make-lab.log"
        port = _free_port()
        command = ["make", "--no-print-directory", "lab",
                   f"LAB_ARGS=--no-browser --port={port} --ServerApp.port_retries=0"]
        if python:
            command.append(f"PYTHON={python}")
        started = time.perf_counter()
        subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True, env=env)
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, cwd=clone, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, env=env, start_new_session=True)
            try:
                while not _answers(port):
                    if process.poll() is not None:
                        tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
                        raise RuntimeError(f"make lab exited ({process.returncode}) before the server "
                                           f"answered: {' | '.join(tail)}")
                    if time.perf_counter() - started > timeout:
                        raise TimeoutError(f"no answer on port {port} within {timeout:.0f} s")
                    time.sleep(0.05)
                return time.perf_counter() - started
            finally:
                _stop(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--no-warm-up", action="store_true", help="do not run once untimed first")
    parser.add_argument("--python", help="PYTHON for make (default: the Makefile's)")
    parser.add_argument("--repo", type=Path, default=REPO, help="repository to clone (default: this one)")
    args = parser.parse_args(argv)
    if not args.no_warm_up:
        print(f"warm-up: {clone_to_lab_seconds(args.repo, args.python):.2f} s (not counted)")
    values = []
    for number in range(1, args.runs + 1):
        values.append(clone_to_lab_seconds(args.repo, args.python))
        print(f"run {number}: {values[-1]:.2f} s")
    if values:
        print(f"median of {len(values)}: {statistics.median(values):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
