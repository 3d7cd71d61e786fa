"""Load scenario for `benchmarks/load.py`: visitors, enrolling learners, a workshop checking in,
and certificate verifiers, against gunicorn + PostgreSQL + Redis + Celery workers.

Not meant to be run on its own: `benchmarks/load.py` prepares the database (demo content, 300
workshop learners, a session open for check-in, issued certificates), writes the fixture file
named by LOAD_FIXTURE, starts the servers and runs Locust headless with this file.

Every simulated person sends its own X-Forwarded-For address, as the reverse proxy in front of
gunicorn would: per-address rate limits and log-in lock-out then apply per person, as they do in
production, instead of treating the whole test as one address.
"""

import itertools
import json
import os
import random
import re
import threading
import time

from django.core import signing
from locust import HttpUser, between, constant, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"], encoding="utf-8").read())
_qr_signer = signing.TimestampSigner(key=FIXTURE["secret_key"], salt="courses.checkin.qr")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CONFIRM = re.compile(r'name="confirm" value="([^"]+)"')
_address_counter = itertools.count(1)
_lock = threading.Lock()
_enrollers = iter(FIXTURE["enrollers"])
_workshop = iter(FIXTURE["workshop_learners"])


def _behind_the_proxy(session):
    """Locust plays the TLS-terminating proxy: it speaks plain HTTP to gunicorn and says
    `X-Forwarded-Proto: https`, so the application (production settings) marks its cookies
    Secure, which `requests` never sends over plain HTTP. A browser would be on HTTPS and send
    them back; so does this client, by clearing the flag on what it received."""
    send = session.request

    def request(*args, **kwargs):
        response = send(*args, **kwargs)
        for cookie in session.cookies:
            cookie.secure = False
        return response

    session.request = request


def _next(iterator):
    with _lock:
        return next(iterator, None)


class Person(HttpUser):
    abstract = True

    def on_start(self):
        number = next(_address_counter)
        self.client.headers["X-Forwarded-For"] = (
            f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        )
        self.client.headers["X-Forwarded-Proto"] = "https"
        _behind_the_proxy(self.client)
        self.https = self.host.replace("http://", "https://", 1)  # what the browser sends

    def log_in(self, username):
        page = self.client.get("/th/accounts/login/", name="log in (form)")
        token = _CSRF.search(page.text).group(1)
        with self.client.post(
            "/th/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": FIXTURE["password"],
            },
            headers={"Referer": self.https + "/th/accounts/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in refused: {response.status_code}")

    def csrf_post(self, page_path, post_path, name, data=None, page_name=None):
        page = self.client.get(page_path, name=page_name or page_path)
        match = _CSRF.search(page.text)
        if not match:
            return None
        return self.client.post(
            post_path,
            data={"csrfmiddlewaretoken": match.group(1), **(data or {})},
            headers={"Referer": self.https + page_path},
            name=name,
        )


class Visitor(Person):
    """Someone browsing the public catalogue and case studies."""

    weight = 6
    wait_time = between(1, 3)

    @task(2)
    def home(self):
        self.client.get(random.choice(["/th/", "/en/"]), name="home")

    @task(3)
    def catalogue(self):
        self.client.get(FIXTURE["catalogue"], name="catalogue")

    @task(4)
    def course(self):
        self.client.get(random.choice(FIXTURE["courses"]), name="course page")

    @task(2)
    def case_study(self):
        self.client.get(random.choice(FIXTURE["case_studies"]), name="case study page")


class Enroller(Person):
    """A learner who logs in, enrols in an open cohort and looks at My learning."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.username = _next(_enrollers)
        if self.username:
            time.sleep(random.uniform(0, 30))  # people arrive at random, not all in one second
            self.log_in(self.username)
            self.enrolled = False

    @task
    def enrol_then_browse(self):
        if not self.username:
            self.client.get(FIXTURE["catalogue"], name="catalogue")
            return
        if not self.enrolled:
            self.csrf_post(
                FIXTURE["enrol_course"],
                FIXTURE["enrol_url"],
                name="enrol",
                page_name="course page (to enrol)",
            )
            self.enrolled = True
        self.client.get("/th/me/", name="my learning")


class WorkshopLearner(Person):
    """One of the 300 people in the room: scans the QR code on the screen once."""

    fixed_count = 300
    wait_time = constant(600)

    def on_start(self):
        super().on_start()
        self.username = _next(_workshop)
        if not self.username:
            return
        # Everyone is spawned at once; people arrive and scan at random within one minute.
        time.sleep(random.uniform(0, 60))
        session = FIXTURE["workshop_sessions"].get(self.username)
        if session:  # already logged in on this phone (enrolled or checked in earlier today)
            self.client.cookies.set("sessionid", session)
        else:  # scans, is asked to log in, logs in, and the check-in resumes
            self.log_in(self.username)
        token = _qr_signer.sign(FIXTURE["session_code"])
        scan = self.client.get(f"/checkin/{token}/", name="check-in scan")
        match = _CONFIRM.search(scan.text)
        csrf = _CSRF.search(scan.text)
        if not (match and csrf):
            return
        with self.client.post(
            f"/checkin/{token}/",
            data={"csrfmiddlewaretoken": csrf.group(1), "confirm": match.group(1)},
            headers={"Referer": self.https + f"/checkin/{token}/"},
            name="check-in confirm",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"check-in refused: {response.status_code}")

    @task
    def idle(self):
        pass


class Verifier(Person):
    """An HR officer checking a certificate's serial."""

    weight = 2
    wait_time = between(1, 4)

    @task(2)
    def page(self):
        self.client.get(f"/verify/{random.choice(FIXTURE['serials'])}/", name="verify page")

    @task(1)
    def json(self):
        self.client.get(f"/verify/{random.choice(FIXTURE['serials'])}.json", name="verify json")
