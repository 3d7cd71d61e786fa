"""Builds the cms part of the demo from its content (demo/content/: reference.yaml,
pages.yaml, courses/, case_studies.yaml), parsed by `manage.py load_demo_data`.

Content is bilingual: a text is `{"th": ..., "en": ...}`. Every function is idempotent (looks
rows up by natural key or slug before creating them), so the command can run again after a
partial failure.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Locale, Page, Site

from cms.models import (
    Agency,
    CaseStudyIndexPage,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    HomePage,
    HomePageFeaturedCourse,
    Ministry,
    ModulePage,
    PartnerOrganisation,
    Province,
    StandardPage,
    Theme,
)

LANGUAGES = ("th", "en")
# Course fields the same in both languages.
COURSE_DETAILS = ("duration_hours", "delivery_mode", "level", "teaching_language")


def load_reference_data(reference: dict) -> None:
    for ministry in reference["ministries"]:
        Ministry.objects.update_or_create(
            name_en=ministry["en"], defaults={"name_th": ministry["th"]}
        )
    for agency in reference["agencies"]:
        ministry = agency.get("ministry")
        Agency.objects.update_or_create(
            name_en=agency["name"]["en"],
            defaults={
                "name_th": agency["name"]["th"],
                "abbreviation": agency["abbreviation"],
                "ministry": Ministry.objects.get(name_en=ministry) if ministry else None,
            },
        )
    for partner in reference["partners"]:
        PartnerOrganisation.objects.update_or_create(
            name_en=partner["name"]["en"],
            defaults={
                "name_th": partner["name"]["th"],
                "abbreviation": partner["abbreviation"],
                "website": partner["website"],
            },
        )
    for theme in reference["themes"]:
        Theme.objects.update_or_create(
            slug=theme["slug"],
            defaults={
                "name_th": theme["name"]["th"],
                "name_en": theme["name"]["en"],
                "description_th": theme["description"]["th"],
                "description_en": theme["description"]["en"],
            },
        )


def english_locale() -> Locale:
    return Locale.objects.get(language_code="en")


def bilingual_child(parent: Page, page_class, slug: str, th: dict, en: dict, **common):
    """Create (or update) a published Thai page under `parent` and its English translation.

    `parent` is the Thai parent; the English copy goes under the parent's English translation.
    Returns (thai_page, english_page).
    """
    thai = page_class.objects.child_of(parent).filter(slug=slug).first()
    if thai is None:
        thai = page_class(slug=slug, **th, **common)
        parent.add_child(instance=thai)
    else:
        for field, value in {**th, **common}.items():
            setattr(thai, field, value)
    thai.save_revision().publish()

    locale = english_locale()
    english = page_class.objects.filter(translation_key=thai.translation_key, locale=locale).first()
    if english is None:
        english = thai.copy_for_translation(locale, copy_parents=True)
    english = english.specific
    for field, value in {**en, **common}.items():
        setattr(english, field, value)
    english.slug = slug
    english.save_revision().publish()
    return thai, english


def site_address(base_url: str) -> tuple[str, int]:
    """The host and port of a public base URL, as Wagtail's Site records them."""
    parts = urlsplit(base_url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def load_site(pages: dict) -> tuple[HomePage, HomePage]:
    """The home pages in both languages, replacing Wagtail's welcome page and default site.
    The site answers at PUBLIC_BASE_URL's host and port, so its absolute links are right."""
    content = pages["home"]
    root = Page.get_first_root_node()
    thai_locale = Locale.objects.get(language_code="th")
    home = HomePage.objects.filter(locale=thai_locale).first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page and the site that points at it.
        Site.objects.all().delete()
        for welcome in Page.objects.child_of(root).not_type(HomePage):
            welcome.delete()
        home = HomePage(
            title=content["title"]["th"],
            slug="home",
            locale=thai_locale,
            intro=_paragraph(content["intro"]["th"]),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.exclude(root_page=home).delete()
    hostname, port = site_address(settings.PUBLIC_BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": hostname,
            "port": port,
            "site_name": pages["site_name"],
            "root_page": home,
        },
    )
    english = HomePage.objects.filter(
        translation_key=home.translation_key, locale=english_locale()
    ).first()
    if english is None:
        english = home.copy_for_translation(english_locale()).specific
    english.title = content["title"]["en"]
    english.intro = _paragraph(content["intro"]["en"])
    english.save_revision().publish()
    return home, english


def load_sections(home: HomePage, pages: dict) -> None:
    """The course and case-study index pages and the standard pages, in both languages."""
    for page_class, section in (
        (CourseIndexPage, pages["course_index"]),
        (CaseStudyIndexPage, pages["case_study_index"]),
    ):
        th, en = (
            {"title": section["title"][language], "intro": _paragraph(section["intro"][language])}
            for language in LANGUAGES
        )
        bilingual_child(home, page_class, section["slug"], th=th, en=en, show_in_menus=True)
    for page in pages["standard_pages"]:
        th, en = (
            {
                "title": page["title"][language],
                "body": [("paragraph", _paragraph(text[language])) for text in page["body"]],
            }
            for language in LANGUAGES
        )
        bilingual_child(home, StandardPage, page["slug"], th=th, en=en, show_in_menus=True)


def load_courses(home: HomePage, courses: list[dict]) -> dict[str, tuple[CoursePage, CoursePage]]:
    """The demo curricula (demo/content/courses/) with their modules, in Thai and English."""
    index = CourseIndexPage.objects.child_of(home).get(slug="courses")
    partners = list(PartnerOrganisation.objects.all())
    pages = {}
    for course in courses:
        th, en = (
            {
                "title": course["title"][language],
                "summary": course["summary"][language],
                "learning_outcomes": _list(course["learning_outcomes"], language),
                "target_audience": course["target_audience"][language],
            }
            for language in LANGUAGES
        )
        thai, english = bilingual_child(
            index,
            CoursePage,
            course["slug"],
            th=th,
            en=en,
            themes=list(Theme.objects.filter(slug__in=course["themes"])),
            partners=partners,
            **{field: course[field] for field in COURSE_DETAILS if field in course},
        )
        for module in course["modules"]:
            th, en = (
                {"title": module["title"][language], "body": blocks(module["body"], language)}
                for language in LANGUAGES
            )
            bilingual_child(
                thai, ModulePage, module["slug"], th=th, en=en, estimated_minutes=module["minutes"]
            )
        pages[course["slug"]] = (thai, english)
    return pages


def load_case_studies(
    home: HomePage, courses: dict[str, tuple[CoursePage, CoursePage]], content: dict
) -> None:
    """The demo case studies (demo/content/case_studies.yaml), each linked to its courses."""
    index = CaseStudyIndexPage.objects.child_of(home).get(slug="case-studies")
    for case in content["case_studies"]:
        related = [courses[slug] for slug in case["courses"]]
        th, en = (
            {
                "title": case["title"][language],
                "problem": _paragraph(case["problem"][language]),
                "body": blocks(case["body"], language),
                "lessons_learned": _list(case["lessons"], language),
                "figures": [
                    _figure(figure, content["figure_source"], language)
                    for figure in case["figures"]
                ],
                "related_courses": [pair[number] for pair in related],
            }
            for number, language in enumerate(LANGUAGES)
        )
        bilingual_child(
            index,
            CaseStudyPage,
            case["slug"],
            th=th,
            en=en,
            lead_agency=Agency.objects.get(name_en=case["lead"]),
            partner_agencies=list(Agency.objects.filter(name_en__in=case["partners"])),
            provinces=list(Province.objects.filter(name_en__in=case["provinces"])),
            theme=Theme.objects.get(slug=case["theme"]),
            stage=case["stage"],
        )


def load_home_features(
    homes: tuple[HomePage, HomePage],
    courses: dict[str, tuple[CoursePage, CoursePage]],
    pages: dict,
) -> None:
    """The editor's pick of courses on both home pages, each in its own language."""
    for number, home in enumerate(homes):
        home = HomePage.objects.get(pk=home.pk)
        home.featured_courses = [
            HomePageFeaturedCourse(course=courses[slug][number], sort_order=order)
            for order, slug in enumerate(pages["home"]["featured_courses"])
        ]
        home.save_revision().publish()


def blocks(body: list[dict], language: str) -> list[tuple]:
    """A module or case-study body in one language, as StreamField blocks (see demo/README.md)."""
    result = []
    for block in body:
        [(kind, value)] = block.items()
        if kind == "heading":
            result.append(("heading", {"text": value[language], "level": "h2"}))
        elif kind == "paragraph":
            result.append(("paragraph", _paragraph(value[language])))
        elif kind == "callout":
            result.append(
                (
                    "callout",
                    {"kind": value.get("kind", "tip"), "text": _paragraph(value[language])},
                )
            )
        elif kind == "steps":
            steps = [
                {"title": step["title"][language], "text": _paragraph(step["text"][language])}
                for step in value["steps"]
            ]
            result.append(("steps", {"title": value["title"][language], "steps": steps}))
        elif kind == "reflection":
            hint = value["hint"][language] if "hint" in value else ""
            result.append(("reflection", {"question": value["question"][language], "hint": hint}))
        elif kind == "checklist":
            items = [item[language] for item in value["items"]]
            result.append(("checklist", {"title": value["title"][language], "items": items}))
        else:
            raise ValueError(f"Unknown demo block {kind!r}")
    return result


def _paragraph(text: str) -> str:
    return f"<p>{text}</p>"


def _list(items: list[dict], language: str) -> str:
    return "<ul>" + "".join(f"<li>{item[language]}</li>" for item in items) + "</ul>"


def _figure(figure: dict, source: dict, language: str) -> tuple[str, dict]:
    def pick(value):
        return value[language] if isinstance(value, dict) else value

    return (
        "figure",
        {
            "label": figure["label"][language],
            "before": pick(figure["before"]),
            "after": pick(figure["after"]),
            "source": source[language],
        },
    )
