"""The Gov Lab demo: read demo/content/ and build it, part by part, with each app's builder.

`manage.py load_demo_data` runs every part in one transaction; tests run the parts they need
(`SITE_PARTS` for the public site). The parts keep the order the demo has always been built
in, so a database loaded today has the same rows, with the same keys, as before the content
became data files: the tracker comes right after the case studies it needs, before the home
pages are published a last time with their featured courses.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps

from accounts import demo as accounts_demo
from agencies import demo as agencies_demo
from certificates import demo as certificates_demo
from cms import demo as cms_demo
from cms.editorial import setup_opdc_approval
from courses import demo as courses_demo
from courses.models import Enrollment
from tracker import demo as tracker_demo

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class ContentError(ValueError):
    """The demo content files do not fit together."""


def read(name: str, directory: Path = CONTENT_DIR) -> Any:
    """One content file, parsed: `read("pages.yaml")`."""
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def read_content(directory: Path = CONTENT_DIR) -> dict[str, Any]:
    """Every content file, parsed; courses in the order pages.yaml lists them."""
    pages = read("pages.yaml", directory)
    listed = pages["course_index"]["courses"]
    files = sorted(path.stem for path in (directory / "courses").glob("*.yaml"))
    if sorted(listed) != files:
        raise ContentError(
            f"pages.yaml lists courses {sorted(listed)} but courses/ holds {files}: "
            "list every course file under course_index.courses, once."
        )
    courses = [read(f"courses/{slug}.yaml", directory) for slug in listed]
    for slug, course in zip(listed, courses, strict=True):
        if course["slug"] != slug:
            raise ContentError(f"courses/{slug}.yaml has slug {course['slug']!r}")
    return {
        "reference": read("reference.yaml", directory),
        "pages": pages,
        "courses": courses,
        "case_studies": read("case_studies.yaml", directory),
        "tracker": read("tracker.yaml", directory),
        "people": read("people.yaml", directory),
        "cohorts": read("cohorts.yaml", directory),
        "nominations": read("nominations.yaml", directory),
    }


@dataclass(frozen=True)
class Part:
    """One step of the demo: what it loads (with counts, for the progress report) and how."""

    describe: Callable[[dict], str]
    # Builds the part from the content; `built` carries pages from one part to the next.
    build: Callable[[dict, dict], None]


def _describe_reference(content: dict) -> str:
    reference = content["reference"]
    return (
        f"Reference data: {len(reference['ministries'])} ministries, "
        f"{len(reference['agencies'])} agencies, {len(reference['partners'])} partners, "
        f"{len(reference['themes'])} themes"
    )


def _build_site(content: dict, built: dict) -> None:
    built["homes"] = cms_demo.load_site(content["pages"])
    setup_opdc_approval(apps)
    cms_demo.load_sections(built["homes"][0], content["pages"])


def _build_people(content: dict, built: dict) -> None:
    accounts_demo.load(content["people"])
    # The tracker was built before anyone existed: now its OPDC staff person is credited.
    tracker_demo.credit(content["tracker"])


def _build_courses(content: dict, built: dict) -> None:
    built["courses"] = cms_demo.load_courses(built["homes"][0], content["courses"])


def _describe_tracker(content: dict) -> str:
    prototypes = content["tracker"]["prototypes"]
    stages = sum(len(prototype["stages"]) for prototype in prototypes)
    adoptions = sum(len(prototype["adoptions"]) for prototype in prototypes)
    return (
        f"Scale-up tracker: {len(content['tracker']['targets'])} strategy targets, "
        f"{stages} stage changes, {adoptions} adoptions"
    )


def _describe_cohorts(content: dict) -> str:
    cohorts = content["cohorts"]["cohorts"]
    sessions = sum(len(cohort["sessions"]) for cohort in cohorts)
    return f"Cohorts: {len(cohorts)} cohorts with {sessions} sessions, enrolments and attendance"


def _describe_certificates(content: dict) -> str:
    completed = Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).count()
    return f"Certificates: the default design, and a certificate for {completed} completions"


SITE_PARTS: tuple[Part, ...] = (
    Part(_describe_reference, lambda c, b: cms_demo.load_reference_data(c["reference"])),
    Part(
        lambda c: (
            f"Site: home pages, 2 section pages and {len(c['pages']['standard_pages'])} "
            "standard pages, in Thai and English"
        ),
        _build_site,
    ),
    Part(
        lambda c: (
            f"Courses: {len(c['courses'])} courses with "
            f"{sum(len(course['modules']) for course in c['courses'])} modules, "
            "in Thai and English"
        ),
        _build_courses,
    ),
    Part(
        lambda c: f"Case studies: {len(c['case_studies']['case_studies'])}, in Thai and English",
        lambda c, b: cms_demo.load_case_studies(b["homes"][0], b["courses"], c["case_studies"]),
    ),
    Part(_describe_tracker, lambda c, b: tracker_demo.load(c["tracker"])),
    Part(
        lambda c: f"Home pages: {len(c['pages']['home']['featured_courses'])} featured courses",
        lambda c, b: cms_demo.load_home_features(b["homes"], b["courses"], c["pages"]),
    ),
)
PARTS: tuple[Part, ...] = (
    *SITE_PARTS,
    Part(
        lambda c: (
            f"People: {len(c['people']['logins'])} demo logins and "
            f"{c['people']['learners']['count']} learners"
        ),
        _build_people,
    ),
    Part(_describe_cohorts, lambda c, b: courses_demo.load(c["cohorts"])),
    Part(_describe_certificates, lambda c, b: certificates_demo.load()),
    Part(
        lambda c: (
            f"Nominations: {len(c['nominations']['nominations'])} by the agency coordinators,"
            " in every state"
        ),
        lambda c, b: agencies_demo.load(c["nominations"]),
    ),
)


def load(
    content: dict,
    parts: tuple[Part, ...] = PARTS,
    progress: Callable[[int, int, str], Callable[[], None]] | None = None,
) -> None:
    """Build `parts` of the demo from `content`, in order. `progress(number, total, text)` is
    told before each part starts and returns what to call when it is done."""
    built: dict = {}
    for number, part in enumerate(parts, start=1):
        done = progress(number, len(parts), part.describe(content)) if progress else None
        part.build(content, built)
        if done:
            done()
