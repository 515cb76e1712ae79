# JupyterHub configuration for the classroom rehearsal (`make rehearsal`, deploy/README.md).
#
# Not a production configuration: SharedPasswordAuthenticator (one password for a fixed list of
# learners) and SimpleLocalProcessSpawner (every learner's server runs as the same OS user, with
# its own home folder) give no isolation between learners. They make a real hub on 127.0.0.1 that
# needs no system accounts, which is what a rehearsal of the class's load needs.
#
# rehearse.py writes the settings (ports, folders, password, learners) to a JSON file and points
# REHEARSAL_SETTINGS at it; hub_config() in rehearse.py turns them into the traits set below.
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rehearse import hub_config, learner_environment, server_port_range  # noqa: E402  (the pure, tested part of the rehearsal)

c = get_config()  # noqa: F821  (JupyterHub provides get_config in its config files)

settings = json.loads(Path(os.environ["REHEARSAL_SETTINGS"]).read_text(encoding="utf-8"))
for section, traits in hub_config(settings).items():
    for name, value in traits.items():
        setattr(getattr(c, section), name, value)

# The course's own code, data and progress file come with the learner's pull, not with the image:
# the kernel imports coursekit from the clone in the learner's home, so notebooks, data and code
# stay at the same version after every re-pull (deploy/README.md, "The environment").
# Kernels' Unix sockets go in a short runtime folder (learner_environment in rehearse.py says why).
c.Spawner.environment = {
    name: (lambda spawner, name=name: learner_environment(settings, spawner.home_dir, spawner.user.name)[name])
    for name in ("PYTHONPATH", "JUPYTER_RUNTIME_DIR")
}

# Learners' servers get ports below the ephemeral range, where no kernel's ZeroMQ socket can take
# them between the hub's choice and the server's start (rehearse.server_port_range says why).
_low, _high = server_port_range(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text())
_given: set[int] = set()


def _server_port(spawner):
    import random
    import socket

    for _ in range(200):
        port = random.randint(_low, _high)
        if port in _given:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given.add(port)
        spawner.port = port
        return
    raise RuntimeError(f"no free port for a learner's server in {_low}-{_high}")


c.Spawner.pre_spawn_hook = _server_port
