"""The offline run really has no network (CI: `make test-python PYTHON=python3.13 OFFLINE=1`).

`.ci/offline` runs the tests in a new network namespace that holds only the loopback interface; it
sets COURSE_EXPECT_OFFLINE=1 there. These checks make sure the notebooks passed with no way out,
not merely on a machine that happened to have one. Elsewhere they are skipped.
"""
from __future__ import annotations

import os
import socket

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("COURSE_EXPECT_OFFLINE") != "1",
                                reason="only in the offline run (make test-python OFFLINE=1, as CI runs it)")


@pytest.mark.parametrize("address", [("pypi.org", 443), ("1.1.1.1", 443), ("8.8.8.8", 53)])
def test_no_connection_leaves_the_machine(address):
    with pytest.raises(OSError):
        socket.create_connection(address, timeout=2).close()


def test_loopback_works():
    """Kernels talk to the test over 127.0.0.1: the namespace's loopback must be up."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        with socket.create_connection(server.getsockname(), timeout=2):
            conn, _ = server.accept()
            conn.close()
