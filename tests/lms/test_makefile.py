"""`make demo PORT=…` prints that port on certificates and in e-mails, not port 8000."""

import shutil
import subprocess
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
