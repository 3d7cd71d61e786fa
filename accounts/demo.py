"""Demo people: the four demo logins and about 60 learners from several agencies and provinces."""

import itertools

from django.contrib.auth.models import Group

from accounts.models import Role, User
from cms.models import Agency, Province

DEMO_PASSWORD = "govlab-demo"  # noqa: S105 - documented demo password, created only by load_demo_data

# (username, Thai title, Thai first, Thai last, English title, English first, English last, role, agency)
DEMO_LOGINS = [
    (
        "admin",
        "นาย",
        "สมชาย",
        "ผู้ดูแลระบบ",
        "Mr",
        "Somchai",
        "Phudoolae",
        None,
        "Office of the Public Sector Development Commission",
    ),
    (
        "trainer",
        "นางสาว",
        "พิมพ์ชนก",
        "ศรีสุข",
        "Ms",
        "Pimchanok",
        "Srisuk",
        Role.TRAINERS,
        "Office of the Public Sector Development Commission",
    ),
    (
        "opdc",
        "นาง",
        "วราภรณ์",
        "ธนากร",
        "Mrs",
        "Waraporn",
        "Thanakorn",
        Role.OPDC_STAFF,
        "Office of the Public Sector Development Commission",
    ),
    (
        "learner",
        "นาย",
        "ธนวัฒน์",
        "ใจดี",
        "Mr",
        "Thanawat",
        "Jaidee",
        Role.LEARNERS,
        "Department of Lands",
    ),
]

# (Thai first name, English first name, Thai title, English title)
FIRST_NAMES = [
    ("กิตติพงษ์", "Kittipong", "นาย", "Mr"),
    ("สุภาพร", "Supaporn", "นางสาว", "Ms"),
    ("อนุชา", "Anucha", "นาย", "Mr"),
    ("ศิริพร", "Siriporn", "นาง", "Mrs"),
    ("ณัฐวุฒิ", "Nattawut", "นาย", "Mr"),
    ("ปิยะนุช", "Piyanuch", "นางสาว", "Ms"),
    ("วีระพงษ์", "Weerapong", "นาย", "Mr"),
    ("รัตนาภรณ์", "Rattanaporn", "นาง", "Mrs"),
    ("ชัยวัฒน์", "Chaiwat", "นาย", "Mr"),
    ("กมลวรรณ", "Kamonwan", "นางสาว", "Ms"),
    ("ประเสริฐ", "Prasert", "นาย", "Mr"),
    ("จิราพร", "Jiraporn", "นางสาว", "Ms"),
    ("สมศักดิ์", "Somsak", "นาย", "Mr"),
    ("อรุณี", "Arunee", "นาง", "Mrs"),
    ("ธีรศักดิ์", "Teerasak", "นาย", "Mr"),
    ("นิภาพร", "Nipaporn", "นางสาว", "Ms"),
    ("พงศกร", "Pongsakorn", "นาย", "Mr"),
    ("วิไลวรรณ", "Wilaiwan", "นาง", "Mrs"),
    ("ศุภชัย", "Supachai", "นาย", "Mr"),
    ("ดวงใจ", "Duangjai", "นางสาว", "Ms"),
]
LAST_NAMES = [
    ("สุขสวัสดิ์", "Suksawat"),
    ("ทองดี", "Thongdee"),
    ("วงศ์ไทย", "Wongthai"),
    ("ศรีประเสริฐ", "Sriprasert"),
    ("บุญมา", "Boonma"),
    ("แก้วมณี", "Kaewmanee"),
    ("จันทร์เพ็ญ", "Chanpen"),
    ("พึ่งบุญ", "Phuengboon"),
    ("มั่นคง", "Mankong"),
    ("รักษ์ไทย", "Rakthai"),
    ("ศักดิ์สิทธิ์", "Saksit"),
    ("ฟ้าใส", "Fasai"),
]
LEARNER_PROVINCES = [
    "Bangkok",
    "Chiang Mai",
    "Khon Kaen",
    "Nakhon Ratchasima",
    "Songkhla",
    "Phuket",
    "Udon Thani",
    "Chon Buri",
    "Nonthaburi",
    "Ubon Ratchathani",
    "Phitsanulok",
    "Surat Thani",
]
LEARNER_AGENCIES = [
    "Department of Lands",
    "Department of Agricultural Extension",
    "Royal Irrigation Department",
    "Customs Department",
    "Department of Land Transport",
    "Bangkok Metropolitan Administration",
    "Department of Empowerment of Persons with Disabilities",
    "Office of the Narcotics Control Board",
    "Royal Thai Police",
    "Department of Industrial Works",
]
POSITIONS = [
    "นักวิชาการที่ดินปฏิบัติการ",
    "นักวิชาการส่งเสริมการเกษตรชำนาญการ",
    "วิศวกรชลประทานปฏิบัติการ",
    "นักวิชาการศุลกากรชำนาญการ",
    "นักวิชาการขนส่งปฏิบัติการ",
    "นักวิเคราะห์นโยบายและแผน",
    "นักพัฒนาสังคมชำนาญการ",
    "นักจัดการงานทั่วไป",
    "เจ้าพนักงานธุรการ",
    "นักวิชาการคอมพิวเตอร์",
]
LEARNER_COUNT = 60


def _upsert_user(username: str, role: str | None, **fields) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    for name, value in fields.items():
        setattr(user, name, value)
    user.set_password(DEMO_PASSWORD)
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def load() -> list[User]:
    bangkok = Province.objects.get(name_en="Bangkok")
    for username, t_th, f_th, l_th, t_en, f_en, l_en, role, agency in DEMO_LOGINS:
        _upsert_user(
            username,
            role,
            email=f"{username}@govlab.example",
            title_th=t_th,
            first_name_th=f_th,
            last_name_th=l_th,
            title_en=t_en,
            first_name=f_en,
            last_name=l_en,
            agency=Agency.objects.get(name_en=agency),
            province=bangkok,
            position="นักพัฒนาระบบราชการชำนาญการพิเศษ" if role != Role.LEARNERS else POSITIONS[0],
            is_staff=username == "admin",
            is_superuser=username == "admin",
            privacy_notice_version="2026-11",
        )
    agencies = {
        agency.name_en: agency for agency in Agency.objects.filter(name_en__in=LEARNER_AGENCIES)
    }
    provinces = {p.name_en: p for p in Province.objects.filter(name_en__in=LEARNER_PROVINCES)}
    learners = []
    names = itertools.product(LAST_NAMES, FIRST_NAMES)
    for number, ((last_th, last_en), (first_th, first_en, title_th, title_en)) in enumerate(
        names, start=1
    ):
        if number > LEARNER_COUNT:
            break
        learners.append(
            _upsert_user(
                f"learner{number:02d}",
                Role.LEARNERS,
                email=f"{first_en.lower()}.{last_en[:3].lower()}{number:02d}@govlab.example",
                title_th=title_th,
                first_name_th=first_th,
                last_name_th=last_th,
                title_en=title_en,
                first_name=first_en,
                last_name=last_en,
                agency=agencies[LEARNER_AGENCIES[number % len(LEARNER_AGENCIES)]],
                province=provinces[LEARNER_PROVINCES[number % len(LEARNER_PROVINCES)]],
                position=POSITIONS[number % len(POSITIONS)],
                privacy_notice_version="2026-11",
            )
        )
    return learners
