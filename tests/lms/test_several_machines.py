"""The deployment of deploy/ on several machines: each "host" a network namespace of this machine.

A bridge joins six namespaces as a private network joins six machines: `db` (its own PostgreSQL
and Redis, listening on its own address), `web1` and `web2` (gunicorn, started with the command
line of deploy/systemd/govlab-lms-web.service), `worker1` (a Celery worker and beat, from
govlab-lms-worker@.service and govlab-lms-beat.service) and `worker2` (a worker), and `proxy`
(nginx with deploy/nginx/govlab-lms.conf, its addresses and paths replaced, TLS with a
certificate made here). Every process reads the environment of deploy/env.example with this
network's addresses, as the units read /etc/govlab-lms/env. The test shows what several web and
worker hosts must share, as an operator would see it:

* nginx answers over TLS, sends plain HTTP to HTTPS, and spreads requests over both web hosts;
  the HSTS header of the files nginx serves itself is the one Django sends;
* a session started on web1 is a session on web2 (sessions in the database, one SECRET_KEY);
* a page published through web1 is seen at once on web2 (the cached menus are in Redis, and
  the publish bumps the version there: docs/operations.md);
* a cohort's certificate batch is shared by the workers of both worker hosts (each worker's
  log names the chunks it ran);
* a worker host lost in the middle of a batch (every process killed, its network link down):
  the batch finishes by itself through beat's stall detector on the other host, every
  certificate issued once, none lost.

Needs root (namespaces, veth pairs, a bridge), `ip`, nginx, openssl, redis-server and
PostgreSQL's initdb; skipped, saying which, where one is missing. In `make test-services`;
.ci/run installs nginx. 4 to 6 minutes on 2 shared cores: migrate and collectstatic of the
new database, the services' start-up, and the stall detector's minute (the web checks run
while it waits).
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent
# The network and the names this test owns (a run interrupted before its clean-up leaves them;
# the next run removes them first).
SUBNET = "10.77.0"
PREFIX = "glab-"
BRIDGE = f"{PREFIX}br0"
ADDRESSES = {"db": 10, "web1": 11, "web2": 12, "worker1": 21, "worker2": 22, "proxy": 30}
SERVER_NAME = "govlab.test"
BATCH_SHARED = 40  # (c): four chunks of BATCH_CHUNK_SIZE
BATCH_LOST = 100  # (d): ten chunks, so the lost host is mid-batch when it goes
PASSWORD = "correct horse battery staple"  # tests.factories.make_user's  # noqa: S105
CHUNK_LINE = re.compile(r"issue_batch_items_task\[([0-9a-f-]+)\] (received|succeeded)")


STARTED = time.monotonic()


def _phase(what: str) -> None:
    """Where the test was, and when: shown by pytest with a failure."""
    print(f"{time.monotonic() - STARTED:6.1f} s  {what}")  # noqa: T201


def address(host: str) -> str:
    return f"{SUBNET}.{ADDRESSES[host]}"


def _missing_requirement() -> str | None:
    if sys.platform != "linux" or os.geteuid() != 0:
        return "needs root on Linux to make network namespaces (ip netns add)"
    for program, package in (
        ("ip", "iproute2"),
        ("nginx", "nginx"),
        ("openssl", "openssl"),
        ("redis-server", "redis-server"),
    ):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install {package})"
    if not _postgres_bin():
        return "PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin)"
    probe = f"{PREFIX}probe"
    result = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if result.returncode != 0:
        return f"ip netns is unavailable here: {result.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], check=False)
    return None


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


# Units and files of deploy/, read as systemd and nginx would ---------------------------------


def exec_start(unit: str, host: str, instance: str = "") -> list[str]:
    """The unit's ExecStart as systemd runs it on `host`: its specifiers expanded (%i the
    instance, %H the host name, %% a percent sign), the venv's programs taken from this
    test's environment instead of /srv/govlab/venv."""
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    (line,) = re.findall(r"^ExecStart=(.+)$", text, flags=re.MULTILINE)
    expanded = re.sub(r"%([%iH])", lambda m: {"%": "%", "i": instance, "H": host}[m.group(1)], line)
    command = shlex.split(expanded)
    assert command[0].startswith("/srv/govlab/venv/bin/"), command
    return [str(VENV_BIN / Path(command[0]).name), *command[1:]]


def unit_environment(unit: str) -> dict[str, str]:
    """The unit's own Environment=NAME=value lines."""
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in re.findall(r"^Environment=(.+)$", text, re.M))


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines, as systemd's EnvironmentFile= reads them (comments on their own line)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def nginx_config(base: Path, certificate: Path, key: Path) -> str:
    """The site file with this network's addresses and this run's paths, inside the smallest
    nginx.conf that runs it as a foreground process writing only under `base`."""
    site = (DEPLOY / "nginx" / "govlab-lms.conf").read_text(encoding="utf-8")
    replacements = {
        "10.0.0.11:8000": f"{address('web1')}:8000",
        "10.0.0.12:8000": f"{address('web2')}:8000",
        "govlab.opdc.go.th": SERVER_NAME,
        "/etc/ssl/govlab/fullchain.pem": str(certificate),
        "/etc/ssl/govlab/privkey.pem": str(key),
        "/srv/govlab/media/": f"{base / 'media'}/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/govlab-lms.conf no longer has {old}"
        site = site.replace(old, new)
    nginx = base / "nginx"
    return f"""
daemon off;
worker_processes 2;
pid {nginx}/nginx.pid;
error_log {nginx}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {nginx}/access.log;
    client_body_temp_path {nginx}/body;
    proxy_temp_path {nginx}/proxy;
    fastcgi_temp_path {nginx}/fastcgi;
    uwsgi_temp_path {nginx}/uwsgi;
    scgi_temp_path {nginx}/scgi;
{site}
}}
"""


# The machines ------------------------------------------------------------------------------


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


def _kill_namespace_processes(namespace: str, grace: float) -> None:
    """Every process of the namespace: SIGTERM, then SIGKILL what is left after `grace` s
    (grace 0: SIGKILL at once, as when the machine loses power)."""
    for sig in (signal.SIGTERM, signal.SIGKILL) if grace else (signal.SIGKILL,):
        pids = _ip("netns", "pids", namespace, check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), sig)
        deadline = time.monotonic() + grace
        while _ip("netns", "pids", namespace, check=False).stdout.split():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)


def _remove_network() -> None:
    for namespace in _ip("netns", "list", check=False).stdout.split():
        if namespace.startswith(PREFIX):
            _kill_namespace_processes(namespace, grace=5)
            _ip("netns", "del", namespace, check=False)
    # The host side of each veth pair too: a deleted namespace can outlive its name for a
    # while (the kernel frees it later), its pair with it.
    for host in ADDRESSES:
        _ip("link", "del", f"{PREFIX}{host}", check=False)
    _ip("link", "del", BRIDGE, check=False)


@dataclass
class Network:
    base: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def namespace(self, host: str) -> str:
        return f"{PREFIX}{host}"

    def host_env(self, host: str) -> dict[str, str]:
        return {**self.env, "LMS_VAR_DIR": str(self.base / f"var-{host}")}

    def start(self, host: str, name: str, command: list[str], env=None, user=None):
        """A long-running process on `host` (in its namespace), its output in `name`.log."""
        log = open(self.base / f"{name}.log", "w")  # noqa: SIM115 - as long as the process
        runner = ["runuser", "-u", user, "--"] if user else []
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace(host), *runner, *command],
            cwd=self.base / f"var-{host}",
            env=env or self.host_env(host),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def start_unit(self, host: str, name: str, unit: str, instance: str = ""):
        """What `systemctl start` does with the unit on `host`: its ExecStart, with the
        environment file and the unit's own Environment= lines."""
        env = {**self.host_env(host), **unit_environment(unit)}
        return self.start(host, name, exec_start(unit, host, instance), env=env)

    def run(self, host: str, command: list[str], timeout: float = 300) -> str:
        """A command on `host` to its end (migrate, a shell script); its output."""
        result = subprocess.run(
            ["ip", "netns", "exec", self.namespace(host), *command],
            cwd=self.base / f"var-{host}",
            env=self.host_env(host),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start_django(self, host: str, script: str) -> subprocess.Popen:
        """`script` run by `manage.py shell` on `host` (the ORM, the production settings),
        in the background; `finish_django` waits for the JSON object it prints last."""
        return subprocess.Popen(
            ["ip", "netns", "exec", self.namespace(host), sys.executable, "-m", "django",
             "shell", "-c", script],
            cwd=self.base / f"var-{host}", env=self.host_env(host),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    @staticmethod
    def finish_django(process: subprocess.Popen) -> dict:
        output, errors = process.communicate(timeout=300)
        assert process.returncode == 0, f"{output}\n{errors}"
        return json.loads(output.strip().splitlines()[-1])

    def django(self, host: str, script: str) -> dict:
        return self.finish_django(self.start_django(host, script))

    def lose(self, host: str) -> None:
        """The machine is gone: every process killed without warning, its link down."""
        _kill_namespace_processes(self.namespace(host), grace=0)
        _ip("link", "set", self.namespace(host), "down")

    def log(self, name: str) -> str:
        path = self.base / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-2500:]}"
            for path in sorted(self.base.glob("*.log"))
        )


def _make_network() -> None:
    _ip("link", "add", BRIDGE, "type", "bridge")
    _ip("addr", "add", f"{SUBNET}.1/24", "dev", BRIDGE)
    _ip("link", "set", BRIDGE, "up")
    for host, number in ADDRESSES.items():
        namespace, outside = f"{PREFIX}{host}", f"{PREFIX}{host}"
        _ip("netns", "add", namespace)
        _ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace)
        _ip("link", "set", outside, "master", BRIDGE, "up")
        _ip("-n", namespace, "addr", "add", f"{SUBNET}.{number}/24", "dev", "eth0")
        _ip("-n", namespace, "link", "set", "eth0", "up")
        _ip("-n", namespace, "link", "set", "lo", "up")


def _wait_for(condition, what: str, network: Network, timeout: float = 120, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException, psycopg.Error):
            if condition():
                return
        time.sleep(every)
    pytest.fail(f"timed out waiting for {what}\n{network.logs()}")


def _start_database_host(network: Network) -> None:
    """PostgreSQL and Redis of their own, listening on the db host's address only."""
    data = network.base / "postgres"
    data.mkdir()
    user = "postgres" if _has_user("postgres") else "nobody"
    shutil.chown(data, user)
    bin_dir = _postgres_bin()
    subprocess.run(
        ["runuser", "-u", user, "--", str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
         "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True,
    )  # fmt: skip
    with open(data / "pg_hba.conf", "a", encoding="utf-8") as hba:
        hba.write(f"host all all {SUBNET}.0/24 trust\n")
    network.start(
        "db",
        "postgres",
        [str(bin_dir / "postgres"), "-D", str(data), "-c", f"listen_addresses={address('db')}",
         "-c", f"unix_socket_directories={data}", "-c", "fsync=off",
         "-c", "synchronous_commit=off", "-c", "max_connections=200"],
        user=user,
    )  # fmt: skip
    network.start(
        "db",
        "redis",
        ["redis-server", "--bind", address("db"), "--port", "6379", "--save", "",
         "--appendonly", "no", "--protected-mode", "no", "--dir", str(network.base)],
    )  # fmt: skip

    def postgres_answers():
        with psycopg.connect(f"postgresql://postgres@{address('db')}:5432/postgres") as conn:
            conn.execute("SELECT 1")
        return True

    _wait_for(postgres_answers, "PostgreSQL on the db host", network, timeout=60)
    with psycopg.connect(
        f"postgresql://postgres@{address('db')}:5432/postgres", autocommit=True
    ) as connection:
        connection.execute("CREATE DATABASE govlab")


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _environment(base: Path) -> dict[str, str]:
    """deploy/env.example with this network's addresses: what every host's units read."""
    env = read_env_file(DEPLOY / "env.example")
    del env["SECRET_KEY_FILE"]
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=SERVER_NAME,
        PUBLIC_BASE_URL=f"https://{SERVER_NAME}",
        DATABASE_URL=f"postgres://postgres@{address('db')}:5432/govlab",
        CELERY_BROKER_URL=f"redis://{address('db')}:6379/0",
        CACHE_URL=f"redis://{address('db')}:6379/1",
        # Nothing leaves the machine.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(base / "media"),
        STATIC_ROOT=str(base / "static"),
        # The proxy, and this test when it plays one talking to a web host directly.
        FORWARDED_ALLOW_IPS=f"{address('proxy')},{SUBNET}.1",
        WEB_CONCURRENCY="2",
        LOG_FORMAT="plain",
        # A stalled batch is resumed after a minute instead of five: the shortest setting.
        CERTIFICATE_BATCH_STALL_MINUTES="1",
    )
    # What systemd gives a service, plus the checkout this test runs (the code is not installed
    # as a wheel here: tests/lms/test_packaging.py covers that).
    env.update(
        PATH=os.environ["PATH"],
        HOME=str(base),
        LANG="C.UTF-8",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def _make_certificate(base: Path) -> tuple[Path, Path]:
    certificate, key = base / "tls.crt", base / "tls.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={SERVER_NAME}", "-keyout", str(key), "-out", str(certificate),
         "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:{address('proxy')}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


SETUP_SCRIPT = """
import json
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_course_index, make_learner

index = make_course_index()
index.show_in_menus = True
index.save_revision().publish()
learner = make_learner(username="somsri", first_name_th="สมศรี", last_name_th="มีสุข")
shared, lost = make_cohort(), make_cohort()
# No password for the learners who only receive a certificate (hashing 100 with the
# production hasher would take a minute).
for _ in range(%(shared)d):
    make_enrollment(cohort=shared, learner=make_learner(password=None))
for _ in range(%(lost)d):
    make_enrollment(cohort=lost, learner=make_learner(password=None))
print(json.dumps({"index": index.pk, "shared": shared.pk, "lost": lost.pk}))
"""

PUBLISH_SCRIPT = """
import json
from wagtail.models import Page
page = Page.objects.get(pk=%(pk)d).specific
page.title = %(title)r
page.save_revision().publish()
print(json.dumps({"url": page.url}))
"""

ISSUE_SCRIPT = """
import json
from certificates.issuing import issue_for_cohort
from courses.models import Cohort
batch = issue_for_cohort(Cohort.objects.get(pk=%(cohort)d))
print(json.dumps({"batch": batch.pk}))
"""

CHECK_SCRIPT = """
import json
from certificates.models import Certificate, CertificateBatch
from certificates.storage import certificate_storage
batch = CertificateBatch.objects.get(pk=%(batch)d)
issued = Certificate.objects.filter(enrollment__cohort=batch.cohort)
valid = list(Certificate.objects.valid().filter(enrollment__cohort=batch.cohort))
files_match = True
for certificate in valid:
    with certificate_storage().open(certificate.pdf.name, "rb") as file:
        files_match = files_match and certificate.matches_file(file.read())
print(json.dumps({
    "total": batch.total, "done": batch.done, "failed": batch.failed, "resumed": batch.resumed,
    "certificates": issued.count(), "valid": len(valid),
    "enrolments_with_one": len({c.enrollment_id for c in valid}),
    "files_match": files_match,
}))
"""


@pytest.fixture
def machines():
    missing = _missing_requirement()
    if missing:
        pytest.skip(missing)
    _remove_network()
    # Not pytest's tmp_path: PostgreSQL's user and nginx's workers must reach into it.
    base = Path(tempfile.mkdtemp(prefix="govlab-hosts-"))
    base.chmod(0o755)
    network = Network(base=base, env=_environment(base))
    try:
        for host in ADDRESSES:
            (base / f"var-{host}").mkdir()
        (base / "media").mkdir()
        _make_network()
        _start_database_host(network)
        yield network
    finally:
        # Shown by pytest when the test failed: what each process said last.
        print(network.logs())  # noqa: T201
        _remove_network()
        for process in network.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


def _deploy(network: Network) -> dict:
    """What the operator does once: migrate and collect static files (from a web host), then
    start the units on their hosts and nginx on the proxy."""
    python = [sys.executable, "-m", "django"]
    collect = subprocess.Popen(
        ["ip", "netns", "exec", network.namespace("web2"), *python, "collectstatic",
         "--noinput", "-v0"],
        cwd=network.base / "var-web2", env=network.host_env("web2"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    _phase("migrate and collectstatic")
    network.run("web1", [*python, "migrate", "--noinput", "-v0"])
    output, _ = collect.communicate(timeout=300)
    assert collect.returncode == 0, output
    _phase("the data")
    world = network.django("web1", SETUP_SCRIPT % {"shared": BATCH_SHARED, "lost": BATCH_LOST})

    _phase("the units and nginx")
    for web in ("web1", "web2"):
        network.start_unit(web, web, "govlab-lms-web.service")
    for worker in ("worker1", "worker2"):
        network.start_unit(worker, worker, "govlab-lms-worker@.service", instance="1")
    network.start_unit("worker1", "beat", "govlab-lms-beat.service")

    certificate, key = _make_certificate(network.base)
    (network.base / "nginx").mkdir()
    config = network.base / "nginx" / "nginx.conf"
    config.write_text(nginx_config(network.base, certificate, key), encoding="utf-8")
    tested = subprocess.run(["nginx", "-t", "-c", str(config)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    network.start("proxy", "nginx", ["nginx", "-c", str(config)])
    world["ca"] = certificate
    return world


# HTTP, as a browser and as the proxy ---------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def request(host: str, path: str, method="GET", cookies=None, form=None, tls_ca=None, port=None):
    """One request to `host` with Host: govlab.test. Plain HTTP to a web host carries
    X-Forwarded-Proto: https, as nginx sends it; over TLS (`tls_ca`) the certificate is checked."""
    target = address(host)
    headers = {"Host": SERVER_NAME}
    if tls_ca:
        context = ssl.create_default_context(cafile=str(tls_ca))
        connection = http.client.HTTPSConnection(target, port or 443, context=context, timeout=30)
    else:
        connection = http.client.HTTPConnection(target, port or 8000, timeout=30)
        if host != "proxy":  # the headers nginx adds (deploy/nginx/govlab-lms.conf)
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = headers["X-Real-IP"] = f"{SUBNET}.1"
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = f"https://{SERVER_NAME}"
        headers["Referer"] = f"https://{SERVER_NAME}{path}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def cookies_set(answer: Answer) -> dict[str, str]:
    jar = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _log_in(web: str) -> dict[str, str]:
    page = request(web, "/th/accounts/login/")
    assert page.status == 200, page.text[:500]
    jar = cookies_set(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = request(
        web,
        "/th/accounts/login/",
        method="POST",
        cookies=jar,
        form={"csrfmiddlewaretoken": token, "username": "somsri", "password": PASSWORD},
    )
    assert answer.status == 302, answer.text[:2000]
    jar.update(cookies_set(answer))
    assert "sessionid" in jar
    return jar


def _chunks(log: str) -> dict[str, set[str]]:
    """The batch chunks (task ids) a worker's log says it received and finished."""
    seen: dict[str, set[str]] = {"received": set(), "succeeded": set()}
    for task_id, event in CHUNK_LINE.findall(log):
        seen[event].add(task_id)
    return seen


def _batch_row(batch: int) -> tuple[int, int, int]:
    with psycopg.connect(f"postgresql://postgres@{address('db')}:5432/govlab") as connection:
        return connection.execute(
            "SELECT total, done, failed FROM certificates_certificatebatch WHERE id = %s", [batch]
        ).fetchone()


def _finished(batch: int) -> bool:
    total, done, failed = _batch_row(batch)
    return done + failed >= total


def _check_the_proxy(network: Network, ca: Path) -> None:
    """HTTP goes to HTTPS; HTTPS is spread over both web hosts; one Strict-Transport-Security
    on Django's answers and the same on the files nginx serves itself (public images); private
    media are not served from the disk."""
    plain = request("proxy", "/th/", port=80)
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://{SERVER_NAME}/th/"
    for _ in range(12):
        assert request("proxy", "/th/", tls_ca=ca).status == 200
    for web in ("web1", "web2"):
        served = re.findall(rf"^{re.escape(address('proxy'))} .*\"GET /th/ ", network.log(web),
                            flags=re.MULTILINE)  # fmt: skip
        assert served, f"nginx sent no request to {web}"
    page = request("proxy", "/th/", tls_ca=ca)
    [django_hsts] = page.headers.get_all("Strict-Transport-Security")
    images = network.base / "media" / "images"
    images.mkdir()
    (images / "probe.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    image = request("proxy", "/media/images/probe.png", tls_ca=ca)
    assert image.status == 200
    assert image.headers.get_all("Strict-Transport-Security") == [django_hsts]
    (network.base / "media" / "certificates").mkdir(exist_ok=True)
    (network.base / "media" / "certificates" / "private.pdf").write_bytes(b"%PDF-1.7")
    assert request("proxy", "/media/certificates/private.pdf", tls_ca=ca).status == 404


def _check_the_session_is_shared() -> None:
    """Logged in through web1, still logged in on web2 with the same cookie."""
    jar = _log_in("web1")
    on_web2 = request("web2", "/th/me/", cookies=jar)
    assert on_web2.status == 200, on_web2.text[:500]
    assert "สมศรี" in on_web2.text
    assert request("web2", "/th/me/").status == 302  # without the cookie: the log-in page


def _check_publishing_is_seen_everywhere(network: Network, world: dict) -> None:
    """A page renamed and published through web1 is in web2's menu at once, though web2 had
    the old menu cached."""
    assert "หลักสูตร" in request("web2", "/th/").text
    new_title = f"หลักสูตรทั้งหมด {secrets.token_hex(3)}"
    network.django("web1", PUBLISH_SCRIPT % {"pk": world["index"], "title": new_title})
    assert new_title in request("web2", "/th/").text
    assert new_title in request("proxy", "/th/", tls_ca=world["ca"]).text


def _issued_once_each(learners: int, resumed: int) -> dict:
    """What CHECK_SCRIPT prints for a finished batch: each learner one valid certificate."""
    return {
        "total": learners, "done": learners, "failed": 0, "resumed": resumed,
        "certificates": learners, "valid": learners, "enrolments_with_one": learners,
        "files_match": True,
    }  # fmt: skip


@pytest.mark.services
def test_two_web_hosts_and_two_worker_hosts_share_sessions_pages_and_batches(machines):
    network = machines
    world = _deploy(network)
    ca = world["ca"]

    # Every part is up, seen through the proxy: database, broker, both workers, beat.
    def healthy():
        answer = request("proxy", "/healthz", tls_ca=ca)
        return answer.status == 200 and json.loads(answer.text)["workers"]["alive"] == 2

    _phase("waiting for /healthz")
    _wait_for(healthy, "/healthz through nginx: both workers and beat", network, timeout=150)

    _phase("(c) the shared batch")
    # A batch of 40 certificates: both worker hosts issue some.
    before = {worker: _chunks(network.log(worker)) for worker in ("worker1", "worker2")}
    shared = network.django("web1", ISSUE_SCRIPT % {"cohort": world["shared"]})["batch"]
    _wait_for(lambda: _finished(shared), "the shared batch", network, timeout=240)
    for worker in ("worker1", "worker2"):
        ran = _chunks(network.log(worker))["succeeded"] - before[worker]["succeeded"]
        assert ran, f"{worker} issued none of the batch\n{network.logs()}"
    result = network.django("web1", CHECK_SCRIPT % {"batch": shared})
    assert result == _issued_once_each(BATCH_SHARED, resumed=0)

    _phase("(d) a lost worker host")
    # worker2's host is lost while it is issuing a chunk of the next batch.
    # Watched while the batch is being queued: the workers start on its first chunks before
    # the shell that queued them has exited.
    before = _chunks(network.log("worker2"))
    issuing = network.start_django("web1", ISSUE_SCRIPT % {"cohort": world["lost"]})

    def worker2_is_mid_chunk():
        seen = _chunks(network.log("worker2"))
        return bool((seen["received"] - before["received"]) - seen["succeeded"])

    _wait_for(worker2_is_mid_chunk, "worker2 to take a chunk", network, timeout=120, every=0.1)
    network.lose("worker2")
    lost = network.finish_django(issuing)["batch"]
    assert not _finished(lost), "the batch finished before worker2's host was lost"

    # While worker1 issues what is queued and the batch then waits for beat's stall detector
    # (CERTIFICATE_BATCH_STALL_MINUTES), the web side: nginx, (a) sessions, (b) publishing.
    _phase("nginx, (a) sessions, (b) publishing")
    _check_the_proxy(network, ca)
    _check_the_session_is_shared()
    _check_publishing_is_seen_everywhere(network, world)

    _phase("waiting for the batch of the lost host")
    _wait_for(lambda: _finished(lost), "the batch to finish by itself", network, timeout=300)
    result = network.django("web1", CHECK_SCRIPT % {"batch": lost})
    assert result == _issued_once_each(BATCH_LOST, resumed=1)
    _phase("done")


# The files themselves, without the machines (in `make test`) -------------------------------

# Variables of deploy/env.example that lms/ does not read: gunicorn's own, and Django's.
NOT_READ_BY_THE_SITE = {"FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"}


def _read_by_the_site() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "lms").rglob("*.py"))
    return set(re.findall(r'env_(?:str|int|bool|list|secret)\(\s*"([A-Z0-9_]+)"', source)) | set(
        re.findall(r'_sample_rate\("([A-Z0-9_]+)"\)', source)
    )


def test_every_variable_of_the_example_env_file_is_one_the_site_reads():
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    # Set ones and those the comments name as NAME=... (a secret's NAME_FILE).
    named = set(re.findall(r"^#?\s*(?:The [^:]+: )?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))
    names = {name.removesuffix("_FILE") for name in named}
    assert "SECRET_KEY" in names and "EMAIL_HOST_PASSWORD" in names
    unknown = names - _read_by_the_site() - NOT_READ_BY_THE_SITE
    assert not unknown, f"deploy/env.example sets variables nothing reads: {sorted(unknown)}"


def test_every_unit_runs_a_program_of_the_environment_with_the_shared_env_file():
    for unit in ("govlab-lms-web.service", "govlab-lms-worker@.service", "govlab-lms-beat.service"):
        text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/govlab-lms/env" in text
        assert "User=govlab" in text and "ProtectSystem=strict" in text
        command = exec_start(unit, "worker1", "1")
        assert Path(command[0]).is_file(), command
    worker = exec_start("govlab-lms-worker@.service", "worker1", "2")
    assert "--hostname=worker2@worker1" in worker


def test_the_nginx_hsts_header_is_the_one_production_sends():
    site = (DEPLOY / "nginx" / "govlab-lms.conf").read_text(encoding="utf-8")
    production = (ROOT / "lms" / "settings" / "production.py").read_text(encoding="utf-8")
    seconds = re.search(r'env_int\("SECURE_HSTS_SECONDS", ([0-9_]+)\)', production).group(1)
    expected = f"max-age={int(seconds)}; includeSubDomains; preload"
    values = re.findall(r'add_header Strict-Transport-Security "([^"]+)" always;', site)
    assert values and set(values) == {expected}
