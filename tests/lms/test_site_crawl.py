"""Every role clicks through the whole bilingual demo: no server error, every tool reachable.

One test loads `load_demo_data` (the same Thai and English page tree, people, cohorts and
certificates as `make demo`) and then, for each role (anonymous, learner, trainer, OPDC staff,
superuser), starts from the home pages, My learning and the admin home and follows every
same-site link it finds, as a person clicking would. Every form on every page is submitted once
with the values the page offers, inside a rolled-back savepoint so the next page sees the demo
unchanged. It fails on:

- any 5xx answer, naming the page and the link or form that led to it (forms whose fields
  Wagtail's editor builds in the browser are left to the browser tests);
- a tool of the role that cannot be reached by clicking (``REQUIRED_TOOLS``: the address works
  when typed, but nothing links to it);
- a Thai page that shows, as a whole text, an English string of our interface that has a Thai
  translation in our catalogue (the string was left untranslated in a template or view).

Bounded: addresses of the same shape (digits and codes replaced) are visited at most
``PER_SHAPE`` times per role, at most ``MAX_PAGES`` pages per role.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.models import Page

MAX_PAGES = 700
PER_SHAPE = 3
STARTS = {
    "anonymous": ["/th/", "/en/", "/verify/", "/th/accounts/login/", "/th/accounts/signup/"],
    "learner": ["/th/", "/en/", "/th/me/", "/en/me/"],
    "trainer": ["/th/", "/th/me/", "/admin/"],
    "opdc": ["/th/", "/th/me/", "/admin/"],
    "superuser": ["/th/", "/admin/"],
}
USERS = {"learner": "learner", "trainer": "trainer", "opdc": "opdc", "superuser": "admin"}
# The tools each role has, by URL name: each must be linked from a page the role can click to.
REQUIRED_TOOLS = {
    "learner": {"my_learning", "my_data", "courses:my_calendar"},
    "trainer": {
        "courses_admin_roster",
        "courses_admin_sessions",
        "courses_admin_attendance",
        "courses_admin_import",
        "courses_admin_export",
        "checkin:screen",
        "certificates_issue_for_cohort",
        "certificates_cohort_zip",
    },
    "opdc": {
        "opdc_dashboard",
        "opdc_dashboard_export",
        "agency_seat_report",
        "agency_seat_report_export",
        "outbox_admin",
        "accounts_admin_two_factor",
        "accounts_admin_lockouts",
    },
}
# Not followed: leaving the session, changing the language cookie, or files that are not pages.
SKIP_PATHS = re.compile(
    r"^/(static|media)/|/logout/|^/i18n/setlang/|^/csp-report/|\.(png|jpe?g|gif|svg|webp|ico|css|js)$"
)
# Shown in their own language on purpose (the language switcher names each language in itself).
OWN_LANGUAGE_NAMES = {"English", "Thai"}
SHAPE_PARTS = re.compile(r"(?<=/)[^/]*\d[^/]*(?=/|$)")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    submit: tuple[str, str] | None = None
    # Wagtail's StreamField editor builds its fields in the browser: such a form is submitted
    # by the browser tests, not here, where its data would be what no browser sends.
    built_by_script: bool = False


class _PageParser(HTMLParser):
    """Links, forms with the values they offer, and the visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.texts: list[str] = []
        self.lang = ""
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: str | None = None
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        # <code>: file column names, commands and codes are not interface text.
        if tag in ("script", "style", "template", "noscript", "code"):
            self._hidden_depth += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for attribute in ("placeholder", "aria-label", "title", "alt"):
            if a.get(attribute):
                self.texts.append(a[attribute])
        if tag == "form":
            self._form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None:
            if "w-block" in (a.get("data-controller") or "").split():
                self._form.built_by_script = True
            self._form_field(tag, a)

    def _form_field(self, tag, a):
        name = a.get("name")
        kind = (a.get("type") or "text").lower()
        if tag == "input" and name:
            if kind in ("submit", "image"):
                if self._form.submit is None:
                    self._form.submit = (name, a.get("value") or "")
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value") or "on"))
            elif kind != "file":
                self._form.fields.append((name, a.get("value") or ""))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            if self._form.submit is None:
                self._form.submit = (name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = (name, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            self._select[1].append(value)
            if "selected" in a:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "noscript", "code"):
            self._hidden_depth = max(0, self._hidden_depth - 1)
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, values, selected = self._select
            chosen = selected or [v for v in values if v][:1] or values[:1]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            name, value = self._form.fields[-1]
            self._form.fields[-1] = (name, value + data)
            return
        if self._hidden_depth == 0 and data.strip():
            self.texts.append(data)


def _english_interface_strings() -> set[str]:
    """Our catalogue's msgids with a Thai translation that differs (plain strings only)."""
    catalogue = Path(settings.LMS_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
    strings = set()
    msgid = msgstr = None
    section = None
    for line in catalogue.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            msgid, section = line[6:].strip('"'), "id"
        elif line.startswith("msgstr "):
            msgstr, section = line[7:].strip('"'), "str"
        elif line.startswith('"') and section == "id":
            msgid += line.strip('"')
        elif line.startswith('"') and section == "str":
            msgstr += line.strip('"')
        elif not line.strip():
            if msgid and msgstr and msgid != msgstr and "%" not in msgid and "{" not in msgid:
                if re.search(r"[A-Za-z]{3}", msgid) and not re.search(r"[\u0e00-\u0e7f]", msgid):
                    strings.add(msgid.replace('\\"', '"'))
            msgid = msgstr = section = None
    return strings


def _shape(path: str) -> str:
    return SHAPE_PARTS.sub("N", path)


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Crawl:
    role: str
    client: object
    username: str | None
    english: set[str]
    failures: list[str] = field(default_factory=list)
    untranslated: set[str] = field(default_factory=set)  # reported once per role, first page
    reached: set[str] = field(default_factory=set)
    pages: int = 0
    forms: int = 0

    def log_in_again(self):
        if self.username:
            self.client.force_login(get_user_model().objects.get(username=self.username))

    def run(self, starts: list[str]) -> None:
        queue = deque((start, "(start)") for start in starts)
        seen: set[str] = set()
        shapes: Counter = Counter()
        submitted: set[tuple[str, str]] = set()
        while queue and self.pages < MAX_PAGES:
            address, source = queue.popleft()
            if address in seen:
                continue
            seen.add(address)
            path = urlsplit(address).path
            shape = _shape(path)
            if shapes[shape] >= PER_SHAPE:
                continue
            shapes[shape] += 1
            response = self.client.get(address)
            self.pages += 1
            name = _url_name(path)
            if name:
                self.reached.add(name)
            if response.status_code >= 500:
                self.failures.append(
                    f"{self.role}: GET {address} -> {response.status_code} (from {source})"
                )
                continue
            if response.status_code in (301, 302, 303, 307, 308):
                target = response.headers.get("Location", "")
                if target and self._same_site(target):
                    queue.append((urljoin(address, target), address))
                continue
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            page = _PageParser()
            page.feed(response.content.decode("utf-8", "replace"))
            self._check_language(address, page)
            for href in page.links:
                target = urljoin(address, href.split("#")[0])
                if (
                    target
                    and self._same_site(target)
                    and not SKIP_PATHS.search(urlsplit(target).path)
                ):
                    queue.append((self._local(target), address))
            for form in page.forms:
                self._submit(address, form, submitted, queue)

    def _same_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver")

    @staticmethod
    def _local(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _check_language(self, address: str, page: _PageParser) -> None:
        if not page.lang.startswith("th"):
            return
        for text in page.texts:
            text = " ".join(text.split())
            if (
                text in self.english
                and text not in OWN_LANGUAGE_NAMES
                and text not in self.untranslated
            ):
                self.untranslated.add(text)
                self.failures.append(f"{self.role}: Thai page {address} shows English {text!r}")

    def _submit(self, address: str, form: Form, submitted: set, queue: deque) -> None:
        action = self._local(urljoin(address, form.action or address))
        if not self._same_site(urljoin(address, form.action or address)):
            return
        if SKIP_PATHS.search(urlsplit(action).path):
            return
        key = (form.method, _shape(urlsplit(action).path))
        if key in submitted or form.built_by_script:
            return
        submitted.add(key)
        data = list(form.fields) + ([form.submit] if form.submit else [])
        if form.method == "get":
            query = "&".join(f"{k}={v}" for k, v in data if k)
            queue.append((f"{urlsplit(action).path}?{query}" if query else action, address))
            return
        self.forms += 1
        payload: dict[str, list[str]] = {}
        for name, value in data:
            payload.setdefault(name, []).append(value)
        try:
            with transaction.atomic():
                # Followed to the page it leads to, so a message it leaves is read there, in
                # the language it was written in, and a 5xx on the way is seen.
                response = self.client.post(action, payload, follow=True)
                transaction.set_rollback(True)
        finally:
            self.log_in_again()
        if response.status_code >= 500:
            after = f" after {response.redirect_chain}" if response.redirect_chain else ""
            self.failures.append(
                f"{self.role}: POST {action} -> {response.status_code}{after} (form on {address})"
            )


pytestmark = pytest.mark.crawl


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    with translation.override("th"):
        call_command("load_demo_data", force=True, stdout=io.StringIO())


def test_every_role_clicks_through_the_demo_without_an_error(demo):
    # A server error must come back as the 500 page a person sees, not as an exception here.
    client = Client(raise_request_exception=False)
    english = _english_interface_strings()
    assert len(english) > 100, "the catalogue was not read"
    # Content that happens to spell one of our messages is not interface: the English pages'
    # titles ("Case studies") and the demo's usernames ("learner").
    english -= set(Page.objects.values_list("title", flat=True))
    english -= set(get_user_model().objects.values_list("username", flat=True))
    failures, summary = [], []
    for role, starts in STARTS.items():
        client.logout()
        crawl = Crawl(role, client, USERS.get(role), english)
        crawl.log_in_again()
        crawl.run(starts)
        summary.append(f"{role}: {crawl.pages} pages, {crawl.forms} forms")
        failures += crawl.failures
        unreached = REQUIRED_TOOLS.get(role, set()) - crawl.reached
        failures += [
            f"{role}: tool {name} is not linked from any page" for name in sorted(unreached)
        ]
        assert crawl.pages > 5, f"{role} reached only {crawl.pages} pages"
    assert not failures, "\n".join([*summary, f"{len(failures)} failures:", *failures])
