"""Start the test provider (serve.py) in a process of its own, for a test fixture."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "govlab-lms"
CLIENT_SECRET = "provider-test-secret"  # noqa: S105
PASSWORD = "persona-password"  # noqa: S105
_CHECKOUT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_provider(folder: Path, personas: dict, *, callback: str, after_logout: str):
    """Yield the issuer address of a provider that knows ``personas`` (each logs in with
    PASSWORD) and one client, CLIENT_ID, returning to ``callback``; once its discovery document
    answers. Its log is in ``folder``/provider.log."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with_passwords = {name: {"password": PASSWORD, **persona} for name, persona in personas.items()}
    (folder / "personas.json").write_text(json.dumps(with_passwords))
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    env = {
        **os.environ,
        "PYTHONPATH": str(_CHECKOUT),
        "OIDC_TEST_DATABASE": str(folder / "provider.sqlite3"),
        "OIDC_TEST_KEY": str(folder / "key.pem"),
        "OIDC_TEST_ISSUER": issuer,
        "OIDC_TEST_PERSONAS": str(folder / "personas.json"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log_path = folder / "provider.log"
    with log_path.open("w") as log:
        command = [sys.executable, "-m", "tests.oidc_provider.serve", str(port)]
        command += [CLIENT_ID, CLIENT_SECRET, callback, after_logout]
        process = subprocess.Popen(  # noqa: S603
            command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=_CHECKOUT
        )
        try:
            _wait_for(f"{issuer}/.well-known/openid-configuration", process, log_path)
            yield issuer
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(discovery: str, process, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(discovery, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the test provider did not start:\n" + log_path.read_text())
        time.sleep(0.2)


def provider_settings(issuer: str) -> dict:
    """OIDC_PROVIDERS for the site under test: this provider as ThaID, citizen ID in pid."""
    return {
        "thaid": {
            "discovery_url": f"{issuer}/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "label_th": "ThaID",
            "label_en": "ThaID",
            "scope": "openid profile email",
            "citizen_id_claim": "pid",
            "strong_acr": [],
        }
    }
