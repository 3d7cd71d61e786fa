"""A real Celery worker process, for the tests and benchmarks that need one (no eager mode).

`start_worker()` launches ``celery -A lms worker --pool=solo`` from the repository root with the
environment it is given; `worker_environment()` is the tests' (test settings, the test database,
a broker, no eager mode); `publishing_to()` makes this process publish to that broker, from an
empty queue. Django and Celery are imported only when asked for, so a benchmark can import this
module before it configures Django.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
WORKER_COMMAND = [sys.executable, "-m", "celery", "-A", "lms", "worker"]
# The tests' workers: one process, one task at a time; no gossip, mingle or heartbeat between
# them. A benchmark of the production stack gives its own (benchmarks/load.py).
TEST_WORKER_OPTIONS = (
    "--pool=solo",
    "--loglevel=INFO",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
)


def embedded_broker_url(directory: Path) -> str:
    """The embedded broker (kombu's SQLAlchemy transport on SQLite) in `directory`."""
    return f"sqlalchemy+sqlite:///{directory / 'broker.sqlite3'}"


def broker_params() -> list:
    """The brokers a worker test runs on, as ``pytest.param``s: always the embedded one
    (``"embedded"``, see `broker_url_for()`), and the configured Redis when the suite has one
    (``make test-services``; that case is marked ``services``)."""
    import pytest

    params = [pytest.param("embedded", id="embedded-sqlite-broker")]
    configured = os.environ.get("CELERY_BROKER_URL", "")
    if configured.startswith("redis://"):
        params.append(pytest.param(configured, id="redis", marks=pytest.mark.services))
    return params


def broker_url_for(param: str, directory: Path) -> str:
    """The URL of a `broker_params()` value: the embedded broker lives in `directory`."""
    return embedded_broker_url(directory) if param == "embedded" else param


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A Redis of the test's own (not the shared one, which another suite may use): a fresh
    ``redis-server`` on a free port, keeping nothing on disk; yields its URL. A test may
    FLUSHALL or restart it without touching anyone else's queue."""
    if shutil.which("redis-server") is None:
        import pytest

        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(directory)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for_redis(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for_redis(url: str, attempts: int = 100) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(attempts):
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"redis-server did not answer at {url}")


def flush_redis(url: str) -> None:
    """Everything the broker held is gone, as when Redis restarts without persistence."""
    import redis

    redis.Redis.from_url(url).flushall()


def database_url_for_worker() -> str:
    """The test database as a DATABASE_URL, for a worker subprocess."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_environment(broker_url: str, **extra: str) -> dict[str, str]:
    """A worker that runs the tests' tasks: test settings, `broker_url`, no eager mode, and the
    test database (tasks claim outbox rows and write certificates there, not in the database
    DATABASE_URL names), plus `extra` variables."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": database_url_for_worker(),
        **extra,
    }


def start_worker(
    env: dict,
    name: str | None = None,
    log: Path | TextIO | None = None,
    options: Sequence[str] = TEST_WORKER_OPTIONS,
) -> subprocess.Popen:
    """A worker process with environment `env` and command-line `options`, called `name` (its
    hostname ``name@host``). Its output goes to the file `log` (a path, or an open file such as
    ``sys.stdout``), or else to a text pipe (``process.stdout``)."""
    command = WORKER_COMMAND + list(options) + ([f"--hostname={name}@%h"] if name else [])
    if log is None:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    output = open(log, "w") if isinstance(log, Path) else log  # noqa: SIM115 - lives as long as the worker
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def stop_worker(process: subprocess.Popen, timeout: float = 20) -> None:
    """Ask the worker to stop (SIGTERM: it finishes its task); kill it if it takes too long."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()


def reset_broker_connections() -> None:
    """Drop pooled connections so the next publish connects to the broker now configured."""
    from kombu import pools

    from lms.celery import app

    pools.reset()  # kombu's process-wide connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """This process publishes to `broker_url` for real (not eager) while inside, from an empty
    queue; the previous configuration comes back afterwards."""
    from lms.celery import app

    # Celery prefers the CELERY_BROKER_URL environment variable over conf.broker_url, but
    # publishes through broker_write_url when that is set.
    original = (app.conf.broker_write_url, app.conf.task_always_eager)
    original_options = app.conf.broker_transport_options
    app.conf.broker_write_url = broker_url
    app.conf.task_always_eager = False
    if not broker_url.startswith("redis"):
        # Set for Redis when CELERY_BROKER_URL names one (lms/settings/base.py); the SQLAlchemy
        # transport would hand it to create_engine, which refuses it.
        app.conf.broker_transport_options = {
            name: value for name, value in original_options.items() if name != "visibility_timeout"
        }
    reset_broker_connections()
    try:
        # Messages left over from an earlier, interrupted run would be consumed too.
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
        yield
    finally:
        app.conf.broker_write_url, app.conf.task_always_eager = original
        app.conf.broker_transport_options = original_options
        reset_broker_connections()
