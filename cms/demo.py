"""Demo content for the cms app: reference data, the site tree and its standard pages.

Called by `manage.py load_demo_data`; every function is idempotent (looks rows up by natural
key or slug before creating them), so the command can run again after a partial failure.
"""

from django.apps import apps
from wagtail.models import Locale, Page, Site

from cms.demo_case_studies import CASE_STUDIES, DEMO_SOURCE
from cms.demo_courses import COURSES
from cms.editorial import setup_opdc_approval
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

MINISTRIES = [
    ("สำนักนายกรัฐมนตรี", "Office of the Prime Minister"),
    ("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives"),
    ("กระทรวงการคลัง", "Ministry of Finance"),
    ("กระทรวงอุตสาหกรรม", "Ministry of Industry"),
    ("กระทรวงคมนาคม", "Ministry of Transport"),
    ("กระทรวงมหาดไทย", "Ministry of Interior"),
    ("กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security"),
    ("กระทรวงยุติธรรม", "Ministry of Justice"),
    ("กระทรวงกลาโหม", "Ministry of Defence"),
]

# (Thai name, English name, abbreviation, ministry's English name or None)
AGENCIES = [
    (
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        "ก.พ.ร. / OPDC",
        "Office of the Prime Minister",
    ),
    (
        "กรมส่งเสริมการเกษตร",
        "Department of Agricultural Extension",
        "กสก. / DOAE",
        "Ministry of Agriculture and Cooperatives",
    ),
    (
        "กรมชลประทาน",
        "Royal Irrigation Department",
        "ชป. / RID",
        "Ministry of Agriculture and Cooperatives",
    ),
    ("กรมศุลกากร", "Customs Department", "กรมศุลฯ", "Ministry of Finance"),
    ("กรมโรงงานอุตสาหกรรม", "Department of Industrial Works", "กรอ. / DIW", "Ministry of Industry"),
    ("กรมการขนส่งทางบก", "Department of Land Transport", "ขบ. / DLT", "Ministry of Transport"),
    (
        "องค์การขนส่งมวลชนกรุงเทพ",
        "Bangkok Mass Transit Authority",
        "ขสมก. / BMTA",
        "Ministry of Transport",
    ),
    ("กรมที่ดิน", "Department of Lands", "ทด. / DOL", "Ministry of Interior"),
    (
        "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ",
        "Department of Empowerment of Persons with Disabilities",
        "พก. / DEP",
        "Ministry of Social Development and Human Security",
    ),
    (
        "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
        "Office of the Narcotics Control Board",
        "ป.ป.ส. / ONCB",
        "Ministry of Justice",
    ),
    ("กองทัพบก", "Royal Thai Army", "ทบ. / RTA", "Ministry of Defence"),
    ("สำนักงานตำรวจแห่งชาติ", "Royal Thai Police", "ตร. / RTP", None),
    ("กรุงเทพมหานคร", "Bangkok Metropolitan Administration", "กทม. / BMA", None),
    ("สำนักงาน กสทช.", "Office of the NBTC", "กสทช. / NBTC", None),
]

PARTNERS = [
    ("สำนักงาน ก.พ.ร.", "OPDC", "OPDC", "https://www.opdc.go.th"),
    (
        "โครงการพัฒนาแห่งสหประชาชาติ ประจำประเทศไทย",
        "UNDP Thailand",
        "UNDP",
        "https://www.undp.org/thailand",
    ),
    ("มหาวิทยาลัยมหิดล", "Mahidol University", "MU", "https://mahidol.ac.th"),
    (
        "สถาบันบัณฑิตพัฒนบริหารศาสตร์",
        "National Institute of Development Administration",
        "NIDA",
        "https://nida.ac.th",
    ),
]

THEMES = [
    (
        "land-services",
        "การให้บริการด้านที่ดิน",
        "Land services",
        "บริการรังวัด ออกโฉนด และจดทะเบียนสิทธิที่ประชาชนใช้บ่อยที่สุด",
        "Surveys, title deeds and registrations.",
    ),
    (
        "disability",
        "การส่งเสริมคุณภาพชีวิตคนพิการ",
        "Quality of life for people with disabilities",
        "สิทธิ สวัสดิการ และบริการที่คนพิการเข้าถึงได้จริง",
        "Rights, welfare and services people can reach.",
    ),
    (
        "drug-prevention",
        "การป้องกันและปราบปรามยาเสพติด",
        "Drug prevention and suppression",
        "การป้องกัน บำบัด และคืนคนดีสู่สังคมโดยชุมชนมีส่วนร่วม",
        "Prevention, treatment and reintegration.",
    ),
    (
        "service-design",
        "การออกแบบบริการภาครัฐ",
        "Public service design",
        "เครื่องมือออกแบบบริการโดยยึดประชาชนเป็นศูนย์กลาง",
        "Human-centred tools for redesigning services.",
    ),
    (
        "data-driven",
        "ภาครัฐที่ขับเคลื่อนด้วยข้อมูล",
        "Data-driven government",
        "การใช้ข้อมูลและหลักฐานในการตัดสินใจเชิงนโยบาย",
        "Evidence and data in policy decisions.",
    ),
    (
        "agency-prototypes",
        "ต้นแบบนวัตกรรมของหน่วยงาน",
        "Agency innovation prototypes",
        "ต้นแบบที่หน่วยงานร่วมออกแบบกับ Gov Lab",
        "Prototypes agencies co-designed with Gov Lab.",
    ),
]


def load_reference_data() -> None:
    for name_th, name_en in MINISTRIES:
        Ministry.objects.update_or_create(name_en=name_en, defaults={"name_th": name_th})
    for name_th, name_en, abbreviation, ministry in AGENCIES:
        Agency.objects.update_or_create(
            name_en=name_en,
            defaults={
                "name_th": name_th,
                "abbreviation": abbreviation,
                "ministry": Ministry.objects.get(name_en=ministry) if ministry else None,
            },
        )
    for name_th, name_en, abbreviation, website in PARTNERS:
        PartnerOrganisation.objects.update_or_create(
            name_en=name_en,
            defaults={"name_th": name_th, "abbreviation": abbreviation, "website": website},
        )
    for slug, name_th, name_en, description_th, description_en in THEMES:
        Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "description_th": description_th,
                "description_en": description_en,
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


def load_site() -> tuple[HomePage, HomePage]:
    """The home pages in both languages, replacing Wagtail's welcome page and default site."""
    root = Page.get_first_root_node()
    thai_locale = Locale.objects.get(language_code="th")
    home = HomePage.objects.filter(locale=thai_locale).first()
    if home is None:
        # Wagtail's "Welcome to your new Wagtail site!" page and the site that points at it.
        Site.objects.all().delete()
        for welcome in Page.objects.child_of(root).not_type(HomePage):
            welcome.delete()
        home = HomePage(
            title="ห้องปฏิบัติการนวัตกรรมภาครัฐ (Gov Lab)",
            slug="home",
            locale=thai_locale,
            intro="<p>เรียนรู้ ร่วมออกแบบ และขยายผลนวัตกรรมบริการภาครัฐ เพื่อประชาชนทุกคน</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.exclude(root_page=home).delete()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Gov Lab", "root_page": home},
    )
    english = HomePage.objects.filter(
        translation_key=home.translation_key, locale=english_locale()
    ).first()
    if english is None:
        english = home.copy_for_translation(english_locale()).specific
    english.title = "Government Innovation Lab (Gov Lab)"
    english.intro = (
        "<p>Learn, co-design and scale up public-service innovation, for everyone in Thailand.</p>"
    )
    english.save_revision().publish()
    return home, english


def load_sections(home: HomePage) -> None:
    bilingual_child(
        home,
        CourseIndexPage,
        "courses",
        th={
            "title": "หลักสูตร",
            "intro": "<p>หลักสูตรที่ Gov Lab ร่วมออกแบบกับหน่วยงานและมหาวิทยาลัยพันธมิตร</p>",
        },
        en={
            "title": "Courses",
            "intro": "<p>Curricula Gov Lab co-designed with agencies and university partners.</p>",
        },
        show_in_menus=True,
    )
    bilingual_child(
        home,
        CaseStudyIndexPage,
        "case-studies",
        th={
            "title": "กรณีศึกษาต้นแบบ",
            "intro": "<p>ต้นแบบนวัตกรรมบริการภาครัฐ จากแนวคิดสู่การขยายผลทั่วประเทศ</p>",
        },
        en={
            "title": "Case studies",
            "intro": "<p>Public-service prototypes, from an idea to national practice.</p>",
        },
        show_in_menus=True,
    )
    for slug, th, en in STANDARD_PAGES:
        bilingual_child(
            home,
            StandardPage,
            slug,
            th={"title": th[0], "body": _paragraphs(th[1])},
            en={"title": en[0], "body": _paragraphs(en[1])},
            show_in_menus=True,
        )


def _paragraphs(texts: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


STANDARD_PAGES = [
    (
        "about",
        (
            "เกี่ยวกับ Gov Lab",
            [
                "ห้องปฏิบัติการนวัตกรรมภาครัฐ (Government Innovation Lab หรือ Gov Lab) ดำเนินการโดยสำนักงาน ก.พ.ร. "
                "ร่วมกับโครงการพัฒนาแห่งสหประชาชาติ (UNDP) ประเทศไทย มหาวิทยาลัยมหิดล และสถาบันบัณฑิตพัฒนบริหารศาสตร์ (NIDA)",
                "โครงการประจำปีงบประมาณ 2563 เปิดตัวเมื่อวันที่ 21 กุมภาพันธ์ 2563 เพื่อพัฒนาข้าราชการให้ออกแบบบริการสาธารณะใหม่ "
                "และร่วมสร้างต้นแบบกับหน่วยงาน ในประเด็นที่ดิน คุณภาพชีวิตคนพิการ และการป้องกันยาเสพติด",
                "นวัตกรรมไม่ใช่แค่เทคโนโลยีล้ำสมัย แต่คือการเปลี่ยนวิธีทำงาน ปี 2563–2573 คือ “ทศวรรษแห่งการลงมือทำ” "
                "ที่ต้องนำต้นแบบไปใช้จริงในวงกว้าง",
            ],
        ),
        (
            "About Gov Lab",
            [
                "The Government Innovation Lab (Gov Lab) is run by the Office of the Public Sector Development Commission "
                "(OPDC) with UNDP Thailand, Mahidol University and the National Institute of Development Administration (NIDA).",
                "Its fiscal-2020 programme, launched on 21 February 2020, trains civil servants to redesign public services "
                "and co-designs prototypes with agencies: land services, quality of life for people with disabilities, and "
                "drug prevention.",
                "Innovation is not only advanced technology but changed ways of working. 2020–2030 is the Decade of Action: "
                "taking prototypes into practice at scale.",
            ],
        ),
    ),
    (
        "faq",
        (
            "คำถามที่พบบ่อย",
            [
                "<b>ใครสมัครเรียนได้บ้าง</b> ข้าราชการและเจ้าหน้าที่ของรัฐทุกระดับ สมัครบัญชีแล้วเลือกรุ่นที่เปิดรับได้ทันที",
                "<b>ได้รับวุฒิบัตรอย่างไร</b> เมื่อเข้าร่วมครบตามเกณฑ์และเรียนบทเรียนที่กำหนดครบ ระบบจะออกวุฒิบัตรสองภาษาให้ดาวน์โหลด "
                "และผู้ใดก็ตรวจสอบได้จากเลขที่วุฒิบัตร",
                "<b>เช็กอินเข้าห้องเรียนอย่างไร</b> สแกนคิวอาร์โค้ดบนจอของวิทยากรด้วยโทรศัพท์ หรือพิมพ์รหัสสั้นที่แสดงบนจอ",
            ],
        ),
        (
            "Frequently asked questions",
            [
                "<b>Who can enrol?</b> Civil servants and state officials at every level: create an account and choose an "
                "open cohort.",
                "<b>How do I get a certificate?</b> Meet the attendance and module requirements and a bilingual certificate "
                "is issued for you to download; anyone can verify it by its serial.",
                "<b>How do I check in?</b> Scan the QR code on the trainer's screen with your phone, or type the short code "
                "shown under it.",
            ],
        ),
    ),
    (
        "privacy",
        (
            "ประกาศความเป็นส่วนตัว",
            [
                "สำนักงาน ก.พ.ร. ในฐานะผู้ควบคุมข้อมูลส่วนบุคคล เก็บรวบรวมและใช้ข้อมูลส่วนบุคคลของท่านตามพระราชบัญญัติคุ้มครอง"
                "ข้อมูลส่วนบุคคล พ.ศ. 2562 เพื่อจัดการฝึกอบรม บันทึกการเข้าร่วม และออกวุฒิบัตรเท่านั้น",
                "ข้อมูลที่เก็บ: ชื่อ-นามสกุลภาษาไทยและภาษาอังกฤษ อีเมล หน่วยงาน ตำแหน่ง จังหวัด และหมายเลขโทรศัพท์ (ถ้ามี) "
                "รวมถึงประวัติการลงทะเบียน การเข้าเรียน และวุฒิบัตร",
                "ท่านมีสิทธิขอเข้าถึง ขอรับสำเนา ขอแก้ไข และขอลบข้อมูลของท่าน ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของสำนักงาน ก.พ.ร. "
                "ฉบับที่ 2026-11",
            ],
        ),
        (
            "Privacy notice",
            [
                "OPDC, as data controller, collects and uses your personal data under Thailand's Personal Data Protection "
                "Act B.E. 2562 (2019) only to run your training, record your attendance and issue your certificates.",
                "What we keep: your Thai and English names, e-mail, agency, position, province and (optional) phone, with "
                "your enrolments, attendance and certificates.",
                "You may ask to access, receive a copy of, correct or erase your data: contact OPDC's data protection "
                "officer. Version 2026-11.",
            ],
        ),
    ),
]


def load_courses(home: HomePage) -> dict[str, tuple[CoursePage, CoursePage]]:
    """The demo curricula (cms/demo_courses.py) with their modules, in Thai and English."""
    index = CourseIndexPage.objects.child_of(home).get(slug="courses")
    partners = list(PartnerOrganisation.objects.all())
    courses = {}
    for spec in COURSES:
        themes = list(Theme.objects.filter(slug__in=spec["themes"]))
        thai, english = bilingual_child(
            index,
            CoursePage,
            spec["slug"],
            th=spec["th"],
            en=spec["en"],
            themes=themes,
            partners=partners,
            **spec["common"],
        )
        for slug, minutes, (title_th, body_th), (title_en, body_en) in spec["modules"]:
            bilingual_child(
                thai,
                ModulePage,
                slug,
                th={"title": title_th, "body": body_th},
                en={"title": title_en, "body": body_en},
                estimated_minutes=minutes,
            )
        courses[spec["slug"]] = (thai, english)
    return courses


def _figures(figures, language: int) -> list[tuple[str, dict]]:
    def pick(value):
        return value[language] if isinstance(value, tuple) else value

    return [
        (
            "figure",
            {
                "label": (label_th, label_en)[language],
                "before": pick(before),
                "after": pick(after),
                "source": DEMO_SOURCE[language],
            },
        )
        for label_th, label_en, before, after in figures
    ]


def load_case_studies(home: HomePage, courses: dict[str, tuple[CoursePage, CoursePage]]) -> None:
    """The demo case studies (cms/demo_case_studies.py), each linked to its related courses."""
    index = CaseStudyIndexPage.objects.child_of(home).get(slug="case-studies")
    for spec in CASE_STUDIES:
        related = [courses[slug] for slug in spec["courses"]]
        localised = []
        for language, fields in enumerate((spec["th"], spec["en"])):
            localised.append(
                {
                    "title": fields["title"],
                    "problem": fields["problem"],
                    "body": fields["body"],
                    "lessons_learned": fields["lessons"],
                    "figures": _figures(spec["figures"], language),
                    "related_courses": [pair[language] for pair in related],
                }
            )
        bilingual_child(
            index,
            CaseStudyPage,
            spec["slug"],
            th=localised[0],
            en=localised[1],
            lead_agency=Agency.objects.get(name_en=spec["lead"]),
            partner_agencies=list(Agency.objects.filter(name_en__in=spec["partners"])),
            provinces=list(Province.objects.filter(name_en__in=spec["provinces"])),
            theme=Theme.objects.get(slug=spec["theme"]),
            stage=spec["stage"],
        )


# The editor's pick on the demo home page, in this order.
FEATURED_COURSES = [
    "human-centred-service-design",
    "redesigning-land-services",
    "accessible-services-disability",
]


def load_home_features() -> None:
    """Featured courses on both home pages, each pointing at the course in its own language.
    A step of its own in `load_demo_data`, after the tracker's demo, as it always ran."""
    for language in ("th", "en"):
        home = HomePage.objects.get(locale__language_code=language)
        home.featured_courses = [
            HomePageFeaturedCourse(
                course=CoursePage.objects.get(slug=slug, locale__language_code=language),
                sort_order=order,
            )
            for order, slug in enumerate(FEATURED_COURSES)
        ]
        home.save_revision().publish()


def load() -> None:
    load_reference_data()
    home, _english = load_site()
    setup_opdc_approval(apps)
    load_sections(home)
    courses = load_courses(home)
    load_case_studies(home, courses)
