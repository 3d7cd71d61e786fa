"""`make demo PORT=…` prints that port on certificates and in e-mails, not port 8000."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return result.stdout


def test_ci_runs_the_hostile_input_battery_in_its_bounded_mode():
    # The sampled battery takes about 8 minutes; CI's step runs the seeded `ci` mode.
    assert "HOSTILE_BATTERY=ci " in _dry_run("test-hostile")
    assert "HOSTILE_BATTERY=full " in _dry_run("test-hostile", "HOSTILE_BATTERY=full")
    steps = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test-hostile\n" in steps


@pytest.mark.parametrize(
    ("args", "address"),
    [
        ((), "http://127.0.0.1:8000"),
        (("PORT=8090",), "http://127.0.0.1:8090"),
        (("HOST=0.0.0.0", "PORT=8080"), "http://127.0.0.1:8080"),
        (("PUBLIC_BASE_URL=http://192.168.1.20:8000",), "http://192.168.1.20:8000"),
    ],
)
def test_the_demo_prints_the_address_it_runs_on(args, address):
    commands = _dry_run("demo", *args)
    assert f"PUBLIC_BASE_URL={address} " in commands  # the demo's site record
    assert f"export PUBLIC_BASE_URL={address};" in commands  # the site and the worker


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own test server
            return True
    except OSError:
        return False


def _as_a_terminal_job() -> None:
    """In the child, before exec: Ctrl-C's signal at its default, as in a terminal's foreground
    job (a test run in the background of a script inherits it ignored), in a group of its own."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_site_and_the_worker_and_kills_nothing_under_the_worker(tmp_path):
    """Ctrl-C sends SIGINT to every process of `make run`. The recipe's trap used `kill 0`,
    which sent SIGTERM to the whole group again and again (its own TERM trap) and killed the
    worker's pool and beat processes under it: the worker logged them as killed and went on
    waiting for them long after the site had stopped."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = _free_port()
    log_path = tmp_path / "run.log"
    # The embedded default (SQLite in LMS_VAR_DIR), also when the suite runs on PostgreSQL:
    # DATABASE_URL names a database the test runner replaced with its own test database.
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "LMS_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": f"sqlalchemy+sqlite:///{tmp_path / 'broker.sqlite3'}",
    }
    with log_path.open("w") as log:
        make = subprocess.Popen(  # noqa: S603 - fixed arguments
            ["make", "run", f"VENV={Path(sys.executable).parent.parent}", f"PORT={port}"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_as_a_terminal_job,  # noqa: PLW1509 - no threads of ours run here
        )
    group = make.pid
    try:
        # Generous limits: they catch a run that never starts or never stops, not a slow one.
        for _ in range(240):
            if "ready." in log_path.read_text() and _answers(f"http://127.0.0.1:{port}/healthz"):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"make run never started:\n{log_path.read_text()[-3000:]}")

        os.killpg(group, signal.SIGINT)  # what the terminal sends on Ctrl-C
        for _ in range(600):
            # make reaped first: a finished leader stays in its group until its parent waits.
            if make.poll() is not None and not _group_alive(group):
                break
            time.sleep(0.1)
        else:
            still = subprocess.run(
                ["ps", "-o", "pid,stat,args", "-g", str(group)], capture_output=True, text=True
            ).stdout  # noqa: S603, S607
            pytest.fail(
                f"make run did not stop on Ctrl-C:\n{still}\n{log_path.read_text()[-3000:]}"
            )
    finally:
        if make.poll() is None or _group_alive(group):
            os.killpg(group, signal.SIGKILL)
        make.wait(timeout=30)

    output = log_path.read_text()
    # Beat ran, keeping its schedule in LMS_VAR_DIR: a fresh clone has no var/ folder, and a
    # schedule file there made beat die at start (scheduled jobs never ran on the demo).
    assert list(tmp_path.glob("celerybeat-schedule*")), output[-3000:]
    assert "FileNotFoundError" not in output, output[-3000:]
    assert "exited with 'signal 15 (SIGTERM)'" not in output, output[-3000:]
    assert "Warm shutdown" in output  # the worker stopped as it should, finishing its tasks
