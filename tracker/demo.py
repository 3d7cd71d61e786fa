"""Demo data for the scale-up tracker: stage histories, adoptions with outcomes across several
agencies, provinces and fiscal years, and a few National Strategy sub-plan targets, so the
OPDC dashboard tells a story on first start. Called by `manage.py load_demo_data` after the
cms demo made the case studies and courses; idempotent.

The targets below are demo examples written for this project, not OPDC's official list:
load that with `manage.py load_strategy_targets FILE.csv`.
"""

import datetime

from cms.models import Agency, CaseStudyPage, CoursePage, Province
from cms.strategy import MasterPlan, SubPlanTarget
from tracker.models import Adoption, AdoptionOutcome, StageChange, sync_stage

D = datetime.date

# (code, master plan, sub-plan th, sub-plan en, target th, target en)
TARGETS = [
    (
        "200101",
        20,
        "การพัฒนาบริการประชาชน",
        "Public service development",
        "งานบริการภาครัฐที่ปรับเปลี่ยนเป็นดิจิทัลเพิ่มขึ้น และประชาชนพึงพอใจมากขึ้น",
        "More public services go digital and people are more satisfied with them",
    ),
    (
        "200201",
        20,
        "การพัฒนาระบบบริหารงานภาครัฐ",
        "Public administration development",
        "ภาครัฐมีขีดสมรรถนะสูงเทียบเท่ามาตรฐานสากลและคล่องตัว",
        "Agile public agencies working to international standards",
    ),
    (
        "170201",
        17,
        "มาตรการแบบเจาะจงกลุ่มเป้าหมายเพื่อแก้ปัญหาเร่งด่วน",
        "Targeted measures for urgent needs",
        "คนพิการเข้าถึงสิทธิและสวัสดิการได้ครบถ้วนและทั่วถึง",
        "People with disabilities receive their rights and welfare in full",
    ),
    (
        "010201",
        1,
        "การป้องกันและแก้ไขปัญหาที่มีผลกระทบต่อความมั่นคง",
        "Preventing and solving threats to security",
        "ผู้เสพยาเสพติดได้รับการบำบัดและกลับคืนสู่สังคมอย่างยั่งยืน",
        "Drug users are treated and return to their communities for good",
    ),
    (
        "030201",
        3,
        "เกษตรอัจฉริยะ",
        "Smart agriculture",
        "เกษตรกรเข้าถึงข้อมูลและคำแนะนำที่ใช้ได้ทันเวลา",
        "Farmers get usable information and advice in time",
    ),
    (
        "190201",
        19,
        "การเพิ่มผลิตภาพของน้ำทั้งระบบ",
        "Water productivity",
        "ผู้ใช้น้ำรู้รอบเวรการส่งน้ำล่วงหน้าและใช้น้ำอย่างมีประสิทธิภาพ",
        "Water users know delivery rounds ahead and use water efficiently",
    ),
    (
        "060101",
        6,
        "การพัฒนาเมืองน่าอยู่อัจฉริยะ",
        "Liveable smart cities",
        "ปัญหาในเมืองได้รับการแก้ไขเร็วขึ้นด้วยข้อมูลจากประชาชน",
        "City problems are fixed faster with reports from residents",
    ),
]

# slug -> (targets, [(stage, date, evidence th)], adoptions)
# adoption: (agency, provinces, start, stage reached, people served, outcomes)
# outcome: (name th, name en, unit, before, after)
TRIPS = ("จำนวนครั้งที่ต้องมาสำนักงาน", "Trips to the office", "ครั้ง / trips")
DAYS = ("ระยะเวลาดำเนินการ", "Processing time", "วัน / days")
WAIT = ("เวลารอคิว", "Waiting time", "นาที / minutes")
SATISFACTION = ("ความพึงพอใจ", "Satisfaction", "% ")
PROTOTYPES = {
    "land-office-appointments": (
        ["200101"],
        [
            ("idea", D(2020, 2, 21), "หัวข้อการให้บริการด้านที่ดินในโครงการ Gov Lab ปีงบประมาณ 2563"),
            ("prototype", D(2020, 7, 15), "ทดสอบระบบนัดหมายล่วงหน้ากับผู้ใช้บริการจริง 40 ราย"),
            ("pilot", D(2021, 3, 1), "นำร่องที่สำนักงานที่ดินจังหวัดนครราชสีมาและเชียงใหม่"),
        ],
        [
            (
                "Department of Lands",
                ["Nakhon Ratchasima"],
                D(2021, 3, 1),
                "pilot",
                8200,
                [(*TRIPS, 2.6, 1.2), (*WAIT, 95, 20)],
            ),
            (
                "Department of Lands",
                ["Chiang Mai", "Lamphun"],
                D(2022, 1, 10),
                "pilot",
                6400,
                [(*TRIPS, 2.4, 1.3), (*WAIT, 80, 25)],
            ),
            (
                "Department of Lands",
                ["Khon Kaen", "Udon Thani"],
                D(2025, 10, 20),
                "pilot",
                3100,
                [(*WAIT, 90, 30)],
            ),
        ],
    ),
    "one-stop-disability-rights": (
        ["170201"],
        [
            ("idea", D(2020, 2, 21), "หัวข้อการส่งเสริมคุณภาพชีวิตคนพิการ"),
            ("prototype", D(2020, 8, 5), "ต้นแบบจุดบริการเดียวทดสอบกับคนพิการและผู้ดูแล"),
        ],
        [
            (
                "Department of Empowerment of Persons with Disabilities",
                ["Khon Kaen"],
                D(2023, 5, 1),
                "prototype",
                650,
                [("จำนวนจุดที่ต้องไปยื่นเรื่อง", "Offices to visit", "แห่ง / offices", 3, 1)],
            ),
        ],
    ),
    "community-treatment-referral": (
        ["010201"],
        [
            ("idea", D(2020, 2, 21), "หัวข้อการป้องกันและปราบปรามยาเสพติด"),
            ("prototype", D(2020, 8, 20), "ต้นแบบการส่งต่อผู้ป่วยระหว่างตำรวจ สาธารณสุข และชุมชน"),
            ("pilot", D(2022, 6, 1), "นำร่องที่จังหวัดอุดรธานี"),
        ],
        [
            (
                "Office of the Narcotics Control Board",
                ["Udon Thani"],
                D(2022, 6, 1),
                "pilot",
                420,
                [("ผู้บำบัดครบตามโปรแกรม", "People completing treatment", "%", 45, 70)],
            ),
            (
                "Royal Thai Police",
                ["Udon Thani", "Nong Khai"],
                D(2024, 2, 1),
                "pilot",
                310,
                [("ผู้บำบัดครบตามโปรแกรม", "People completing treatment", "%", 40, 62)],
            ),
        ],
    ),
    "farmer-advice-line": (
        ["030201"],
        [
            ("idea", D(2020, 2, 21), "ต้นแบบของกรมส่งเสริมการเกษตรในโครงการ Gov Lab"),
            ("prototype", D(2020, 7, 1), "ต้นแบบสายด่วนคำแนะนำเกษตรกร"),
            ("pilot", D(2021, 1, 15), "นำร่องที่สุพรรณบุรี"),
            ("scaling", D(2023, 11, 1), "ขยายผลสู่ศูนย์ส่งเสริมการเกษตร 12 จังหวัด"),
        ],
        [
            (
                "Department of Agricultural Extension",
                ["Suphan Buri"],
                D(2021, 1, 15),
                "pilot",
                12000,
                [(*DAYS, 14, 2), (*SATISFACTION, 61, 88)],
            ),
            (
                "Department of Agricultural Extension",
                ["Nakhon Sawan", "Chai Nat", "Uthai Thani"],
                D(2023, 11, 1),
                "scaling",
                35000,
                [(*DAYS, 12, 2)],
            ),
            (
                "Department of Agricultural Extension",
                ["Chiang Rai", "Phayao"],
                D(2024, 10, 15),
                "scaling",
                21000,
                [(*DAYS, 10, 3)],
            ),
            (
                "Royal Irrigation Department",
                ["Suphan Buri", "Ang Thong"],
                D(2025, 4, 1),
                "pilot",
                9000,
                [(*SATISFACTION, 58, 81)],
            ),
            (
                "Department of Agricultural Extension",
                ["Surin", "Buri Ram", "Si Sa Ket"],
                D(2026, 10, 5),
                "scaling",
                15000,
                [],
            ),
        ],
    ),
    "irrigation-water-notice": (
        ["190201"],
        [
            ("idea", D(2020, 2, 21), "ต้นแบบของกรมชลประทานในโครงการ Gov Lab"),
            ("prototype", D(2020, 8, 10), "ต้นแบบการแจ้งรอบเวรส่งน้ำทางข้อความสั้น"),
        ],
        [],
    ),
    "customs-pre-arrival-help": (
        ["200101", "200201"],
        [
            ("idea", D(2020, 2, 21), "ต้นแบบของกรมศุลกากร"),
            ("prototype", D(2020, 6, 30), "ต้นแบบคำแนะนำก่อนสินค้ามาถึง"),
            ("pilot", D(2022, 10, 1), "นำร่องที่ท่าอากาศยานสุวรรณภูมิและด่านสะเดา"),
        ],
        [
            (
                "Customs Department",
                ["Bangkok", "Samut Prakan"],
                D(2022, 10, 1),
                "pilot",
                5400,
                [("สินค้าที่ติดค้างเกิน 3 วัน", "Goods held over 3 days", "%", 18, 6)],
            ),
            (
                "Customs Department",
                ["Songkhla"],
                D(2024, 3, 1),
                "pilot",
                2100,
                [("สินค้าที่ติดค้างเกิน 3 วัน", "Goods held over 3 days", "%", 22, 9)],
            ),
        ],
    ),
    "driving-licence-renewal": (
        ["200101"],
        [
            ("idea", D(2020, 2, 21), "ต้นแบบของกรมการขนส่งทางบก"),
            ("prototype", D(2020, 6, 1), "ต้นแบบการอบรมต่ออายุใบขับขี่ออนไลน์"),
            ("pilot", D(2020, 12, 1), "นำร่องที่กรุงเทพมหานคร"),
            ("scaling", D(2021, 10, 1), "ขยายผลทั่วประเทศผ่านสำนักงานขนส่งจังหวัด"),
            ("institutionalised", D(2023, 1, 16), "กำหนดเป็นช่องทางปกติตามประกาศกรมการขนส่งทางบก"),
        ],
        [
            (
                "Department of Land Transport",
                ["Bangkok"],
                D(2020, 12, 1),
                "pilot",
                48000,
                [(*WAIT, 180, 15), (*TRIPS, 2, 1)],
            ),
            (
                "Department of Land Transport",
                ["Chon Buri", "Rayong", "Chanthaburi"],
                D(2021, 10, 1),
                "scaling",
                120000,
                [(*WAIT, 150, 20)],
            ),
            (
                "Department of Land Transport",
                ["Chiang Mai", "Phitsanulok", "Nakhon Ratchasima", "Ubon Ratchathani"],
                D(2022, 5, 1),
                "scaling",
                210000,
                [(*WAIT, 160, 18)],
            ),
            (
                "Department of Land Transport",
                ["Surat Thani", "Songkhla", "Phuket"],
                D(2023, 1, 16),
                "institutionalised",
                160000,
                [(*WAIT, 140, 15)],
            ),
            (
                "Royal Thai Police",
                ["Bangkok"],
                D(2024, 6, 1),
                "pilot",
                12000,
                [("เวลาออกใบอนุญาต", "Time to issue a permit", "วัน / days", 7, 2)],
            ),
        ],
    ),
    "bangkok-street-reports": (
        ["060101"],
        [
            ("idea", D(2020, 2, 21), "ต้นแบบของกรุงเทพมหานคร"),
            ("prototype", D(2020, 7, 20), "ต้นแบบการรับแจ้งปัญหาเมืองจากประชาชน"),
            ("pilot", D(2021, 6, 1), "นำร่องใน 6 เขต"),
            ("scaling", D(2022, 6, 1), "ขยายผลครบ 50 เขต"),
        ],
        [
            (
                "Bangkok Metropolitan Administration",
                ["Bangkok"],
                D(2021, 6, 1),
                "pilot",
                90000,
                [
                    (
                        "วันเฉลี่ยในการแก้ไขเรื่องร้องเรียน",
                        "Average days to resolve a report",
                        "วัน / days",
                        30,
                        7,
                    )
                ],
            ),
            (
                "Bangkok Metropolitan Administration",
                ["Bangkok"],
                D(2022, 6, 1),
                "scaling",
                450000,
                [
                    (
                        "วันเฉลี่ยในการแก้ไขเรื่องร้องเรียน",
                        "Average days to resolve a report",
                        "วัน / days",
                        28,
                        4,
                    )
                ],
            ),
            (
                "Bangkok Mass Transit Authority",
                ["Bangkok", "Nonthaburi"],
                D(2025, 1, 15),
                "pilot",
                60000,
                [(*SATISFACTION, 55, 76)],
            ),
        ],
    ),
}

# Course slug -> target codes it serves.
COURSE_TARGETS = {
    "human-centred-service-design": ["200101"],
    "innovation-in-agency-dna": ["200201"],
    "evidence-based-policy": ["200201"],
    "redesigning-land-services": ["200101"],
    "accessible-services-disability": ["170201"],
    "community-drug-prevention": ["010201"],
}


def load_targets() -> None:
    for code, plan, sub_th, sub_en, name_th, name_en in TARGETS:
        SubPlanTarget.objects.update_or_create(
            code=code,
            defaults={
                "master_plan": MasterPlan.objects.get(number=plan),
                "sub_plan_th": sub_th,
                "sub_plan_en": sub_en,
                "name_th": name_th,
                "name_en": name_en,
            },
        )


def load(actor=None) -> None:
    """Targets, stage histories and adoptions; `actor` is recorded in the history."""
    load_targets()
    targets = {target.code: target for target in SubPlanTarget.objects.all()}
    for slug, (codes, stages, adoptions) in PROTOTYPES.items():
        for page in CaseStudyPage.objects.filter(slug=slug):
            _link_targets(page, [targets[code] for code in codes])
            if page.locale.language_code != "th":
                continue
            _stage_history(page, stages, actor)
            _adoptions(page, adoptions, actor)
    for slug, codes in COURSE_TARGETS.items():
        for course in CoursePage.objects.filter(slug=slug):
            _link_targets(course, [targets[code] for code in codes])


def _link_targets(page, targets) -> None:
    """Through a published revision, so a later publish by an editor keeps the links."""
    if {target.pk for target in page.strategy_targets.all()} == {t.pk for t in targets}:
        return
    page.strategy_targets.set(targets)
    page.save_revision().publish()


def _stage_history(page, stages, actor) -> None:
    for stage, day, evidence in stages:
        change = StageChange.objects.filter(prototype=page, stage=stage).first() or StageChange(
            prototype=page, stage=stage, recorded_by=actor
        )
        change.changed_on = day
        change.evidence_text = evidence
        change._history_user = actor
        change.save()
    sync_stage(page)


def _adoptions(page, adoptions, actor) -> None:
    for agency_name, province_names, start, stage, people, outcomes in adoptions:
        agency = Agency.objects.get(name_en=agency_name)
        adoption = Adoption.objects.filter(
            prototype=page, agency=agency, started_on=start
        ).first() or Adoption(prototype=page, agency=agency, started_on=start)
        adoption.stage_reached = stage
        adoption.people_served = people
        adoption.evidence_text = "รายงานผลการดำเนินงานของหน่วยงาน (ข้อมูลตัวอย่าง)"
        adoption.provinces = list(Province.objects.filter(name_en__in=province_names))
        adoption.outcomes = [
            AdoptionOutcome(name_th=name_th, name_en=name_en, unit=unit, before=before, after=after)
            for name_th, name_en, unit, before, after in outcomes
        ]
        adoption._history_user = actor
        adoption.save()
