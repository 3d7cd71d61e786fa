"""Demo case studies in Thai and English, drawn from the Gov Lab fiscal-2020 programme.

The stories follow the programme's issues and agency prototypes; the before/after figures are
illustrative demo values (marked as such on the page), not official statistics.
"""

from cms.demo_courses import callout, checklist, heading, para, reflection, steps

DEMO_SOURCE = ("ตัวเลขสมมติเพื่อการสาธิต", "Illustrative demo figure")

# slug, lead agency (English name), partner agencies, provinces, theme slug, stage,
# figures [(Thai label, English label, before, after)], before/after a string or (Thai, English), related course slugs, th, en.
CASE_STUDIES = [
    {
        "slug": "land-office-appointments",
        "lead": "Department of Lands",
        "partners": ["Office of the Public Sector Development Commission"],
        "provinces": ["Nakhon Ratchasima", "Chiang Mai"],
        "theme": "land-services",
        "stage": "pilot",
        "figures": [
            ("จำนวนครั้งที่ประชาชนต้องมา (เฉลี่ย)", "Trips per citizen (average)", "2.6", "1.2"),
            (
                "เวลารอที่สำนักงาน",
                "Waiting time at the office",
                ("3 ชม.", "3 h"),
                ("40 นาที", "40 min"),
            ),
        ],
        "courses": ["redesigning-land-services", "human-centred-service-design"],
        "th": {
            "title": "นัดหมายล่วงหน้าที่สำนักงานที่ดิน: มาครั้งเดียวจบ",
            "problem": "<p>ประชาชนที่มาจดทะเบียนมรดกและนิติกรรมต้องมารับบัตรคิวตั้งแต่เช้ามืด "
            "และหลายคนต้องกลับมาอีกครั้งเพราะเอกสารไม่ครบ ผู้สูงอายุในชนบทเสียค่าเดินทางและค่าแรงหลายวัน</p>",
            "body": [
                heading("สิ่งที่ทีมค้นพบ"),
                *para(
                    "ทีม Gov Lab ร่วมกับกรมที่ดินและที่ปรึกษาจากสถาบันบัณฑิตพัฒนบริหารศาสตร์ใช้เวลาสองสัปดาห์"
                    "สังเกตการณ์ที่สำนักงานที่ดินนำร่อง พบว่าสาเหตุหลักของการมาซ้ำคือประชาชนไม่รู้ว่าต้องเตรียมเอกสารใด",
                    "ต้นแบบคือการจองคิวล่วงหน้าพร้อมส่งภาพเอกสารให้เจ้าหน้าที่ตรวจก่อนวันนัด "
                    "และสายด่วนสำหรับผู้ที่ไม่ใช้สมาร์ตโฟน",
                ),
                steps(
                    "จากต้นแบบสู่การนำร่อง",
                    [
                        ("ต้นแบบกระดาษ", "รายการเอกสารแยกตามประเภทนิติกรรม ทดสอบกับผู้มาติดต่อ 20 คน"),
                        ("นัดหมายทางโทรศัพท์", "เจ้าหน้าที่หนึ่งคนรับนัดและตรวจเอกสารล่วงหน้า"),
                        ("นำร่องสองจังหวัด", "ขยายเป็นระบบจองคิวออนไลน์ที่สำนักงานนำร่อง"),
                    ],
                ),
                callout("เริ่มจากรายการเอกสารที่เข้าใจง่าย ก่อนลงทุนระบบออนไลน์"),
            ],
            "lessons": "<ul><li>ปัญหาส่วนใหญ่แก้ได้ก่อนวันนัด ไม่ใช่ที่เคาน์เตอร์</li>"
            "<li>ต้องคงช่องทางโทรศัพท์ไว้สำหรับผู้สูงอายุ</li></ul>",
        },
        "en": {
            "title": "Land office appointments: done in one visit",
            "problem": "<p>People registering inheritances and land transactions had to queue for a ticket "
            "before dawn, and many came back again because a document was missing. Older people in rural "
            "areas lost several days of travel and wages.</p>",
            "body": [
                heading("What the team found"),
                *para(
                    "Gov Lab, the Department of Lands and NIDA consultants spent two weeks observing pilot land "
                    "offices. The main cause of repeat visits was that people did not know which documents to bring.",
                    "The prototype: book an appointment in advance and send photos of documents for staff to "
                    "check before the day, with a phone line for people who do not use smartphones.",
                ),
                steps(
                    "From prototype to pilot",
                    [
                        (
                            "Paper prototype",
                            "Document lists by transaction type, tested with 20 visitors.",
                        ),
                        (
                            "Phone appointments",
                            "One officer books visits and checks documents in advance.",
                        ),
                        (
                            "Pilot in two provinces",
                            "Grown into online booking at the pilot offices.",
                        ),
                    ],
                ),
                callout("Start with a clear document list before investing in an online system."),
            ],
            "lessons": "<ul><li>Most problems can be solved before the appointment, not at the counter</li>"
            "<li>Keep a phone channel for older people</li></ul>",
        },
    },
    {
        "slug": "one-stop-disability-rights",
        "lead": "Department of Empowerment of Persons with Disabilities",
        "partners": ["Office of the Public Sector Development Commission"],
        "provinces": ["Khon Kaen"],
        "theme": "disability",
        "stage": "prototype",
        "figures": [
            ("จำนวนจุดที่ต้องไปยื่นเรื่อง", "Offices to visit to claim rights", "3", "1"),
            ("วันตั้งแต่ยื่นจนได้รับเบี้ยความพิการ", "Days from application to allowance", "60", "25"),
        ],
        "courses": ["accessible-services-disability"],
        "th": {
            "title": "ยื่นครั้งเดียวได้ทุกสิทธิ: บริการสำหรับคนพิการ",
            "problem": "<p>คนพิการต้องเดินทางไปโรงพยาบาล ศูนย์บริการคนพิการ และองค์กรปกครองส่วนท้องถิ่น "
            "เพื่อขอบัตรประจำตัวคนพิการและเบี้ยความพิการ แต่ละแห่งขอเอกสารชุดเดิมซ้ำ</p>",
            "body": [
                heading("ออกแบบร่วมกับคนพิการ"),
                *para(
                    "เวิร์กชอปออกแบบร่วมจัดที่ศูนย์บริการคนพิการจังหวัด มีคนพิการทางการเห็น การได้ยิน "
                    "และการเคลื่อนไหวเข้าร่วม พร้อมล่ามภาษามือ ผู้เข้าร่วมเล่าว่าการเดินทางแต่ละครั้งต้องมีผู้ช่วยไปด้วย",
                    "ต้นแบบคือแบบฟอร์มเดียวที่โรงพยาบาลส่งต่อข้อมูลให้ศูนย์บริการและท้องถิ่นโดยความยินยอมของเจ้าของข้อมูล",
                ),
                reflection("ข้อมูลใดที่หน่วยงานรัฐมีอยู่แล้ว แต่ยังขอให้คนพิการนำมายื่นเอง?"),
            ],
            "lessons": "<ul><li>การขอความยินยอมต้องเข้าใจง่ายและมีรูปแบบที่เข้าถึงได้</li>"
            "<li>ท้องถิ่นต้องร่วมออกแบบตั้งแต่ต้น</li></ul>",
        },
        "en": {
            "title": "One application, every right: services for disabled people",
            "problem": "<p>Disabled people travelled to a hospital, a disability service centre and the local "
            "government office to get a disability ID card and allowance, and each asked for the same "
            "documents again.</p>",
            "body": [
                heading("Designed with disabled people"),
                *para(
                    "The co-design workshop took place at the provincial disability service centre with people "
                    "with visual, hearing and mobility disabilities, and sign-language interpreters. Participants "
                    "explained that every trip needed an assistant too.",
                    "The prototype is a single form that the hospital passes to the service centre and local "
                    "government with the data owner's consent.",
                ),
                reflection(
                    "What data does government already hold but still ask disabled people to bring?"
                ),
            ],
            "lessons": "<ul><li>Consent must be easy to understand and in accessible formats</li>"
            "<li>Local government must co-design from the start</li></ul>",
        },
    },
    {
        "slug": "community-treatment-referral",
        "lead": "Office of the Narcotics Control Board",
        "partners": ["Royal Thai Police"],
        "provinces": ["Udon Thani"],
        "theme": "drug-prevention",
        "stage": "pilot",
        "figures": [
            ("ผู้บำบัดครบตามโปรแกรม", "People completing treatment", "45%", "70%"),
            ("กลับไปใช้ซ้ำภายในหนึ่งปี", "Relapse within a year", "40%", "25%"),
        ],
        "courses": ["community-drug-prevention"],
        "th": {
            "title": "ชุมชนส่งต่อสู่การบำบัดยาเสพติด",
            "problem": "<p>เยาวชนที่ใช้ยาเสพติดมักถูกมองเป็นผู้กระทำผิดมากกว่าผู้ป่วย ครอบครัวไม่กล้าขอความช่วยเหลือ "
            "และผู้ที่บำบัดแล้วกลับสู่ชุมชนโดยไม่มีงานทำ</p>",
            "body": [
                heading("เส้นทางส่งต่อที่ชุมชนเป็นเจ้าของ"),
                *para(
                    "ทีมจาก ป.ป.ส. ตำรวจ สาธารณสุขอำเภอ และผู้นำชุมชนวาดแผนที่ระบบของปัญหายาเสพติดร่วมกัน "
                    "พบว่าจุดคานงัดคือการติดตามหลังการบำบัดและการหางานให้",
                    "ต้นแบบคือทีมอาสาสมัครที่ช่วยค้นหา ส่งต่อ และติดตามผู้บำบัดอย่างน้อยหนึ่งปี ร่วมกับนายจ้างในพื้นที่",
                ),
                checklist(
                    "สิ่งที่ทีมอาสาสมัครได้รับ",
                    [
                        "การอบรมการพูดคุยโดยไม่ตีตรา",
                        "ช่องทางติดต่อเจ้าหน้าที่สาธารณสุข",
                        "รายชื่อนายจ้างที่พร้อมรับเข้าทำงาน",
                    ],
                ),
            ],
            "lessons": "<ul><li>ตัวชี้วัดร่วมช่วยให้ตำรวจและสาธารณสุขทำงานไปทางเดียวกัน</li>"
            "<li>ข้อมูลการบำบัดต้องได้รับการปกป้อง</li></ul>",
        },
        "en": {
            "title": "Community referral into drug treatment",
            "problem": "<p>Young drug users were seen as offenders more than patients, families were afraid to ask "
            "for help, and people who finished treatment came home without work.</p>",
            "body": [
                heading("A referral path the community owns"),
                *para(
                    "ONCB, police, district public health and community leaders drew a systems map of the drug "
                    "problem together and found the leverage point: follow-up after treatment, and jobs.",
                    "The prototype is a volunteer team that finds, refers and follows up people in treatment for "
                    "at least a year, with local employers.",
                ),
                checklist(
                    "What the volunteer team receives",
                    [
                        "Training in non-stigmatising conversation",
                        "A contact at the health office",
                        "A list of employers ready to hire",
                    ],
                ),
            ],
            "lessons": "<ul><li>Shared indicators got police and public health moving the same way</li>"
            "<li>Treatment records must be protected</li></ul>",
        },
    },
    {
        "slug": "farmer-advice-line",
        "lead": "Department of Agricultural Extension",
        "partners": ["Royal Irrigation Department"],
        "provinces": ["Suphan Buri", "Nakhon Sawan"],
        "theme": "agency-prototypes",
        "stage": "scaling",
        "figures": [
            (
                "เวลาที่เกษตรกรได้รับคำแนะนำ",
                "Time for a farmer to get advice",
                ("7 วัน", "7 days"),
                ("1 วัน", "1 day"),
            ),
            ("เกษตรกรที่ใช้บริการ", "Farmers using the service", "0", "12,000"),
        ],
        "courses": ["human-centred-service-design", "innovation-in-agency-dna"],
        "th": {
            "title": "กรมส่งเสริมการเกษตร: คำแนะนำถึงเกษตรกรภายในวันเดียว",
            "problem": "<p>เมื่อพบโรคพืชหรือแมลงระบาด เกษตรกรต้องรอเจ้าหน้าที่ส่งเสริมการเกษตรลงพื้นที่ "
            "ซึ่งดูแลหลายตำบล กว่าจะได้คำแนะนำ ความเสียหายก็ลุกลามแล้ว</p>",
            "body": [
                heading("ต้นแบบของหน่วยงาน"),
                *para(
                    "กรมส่งเสริมการเกษตรเป็นหนึ่งในหน่วยงานที่ร่วมสร้างต้นแบบกับ Gov Lab โดยมีทีมที่ปรึกษาจากมหาวิทยาลัยมหิดล "
                    "ทีมพบว่าเกษตรกรส่วนใหญ่ใช้แอปพลิเคชันสนทนาอยู่แล้ว",
                    "ต้นแบบคือให้เกษตรกรส่งภาพพืชที่เป็นโรคเข้ากลุ่มสนทนาของอำเภอ เจ้าหน้าที่และเกษตรกรผู้นำตอบภายในวันเดียว "
                    "และประสานกรมชลประทานเมื่อปัญหาเกี่ยวกับน้ำ",
                ),
                callout("ใช้ช่องทางที่ประชาชนใช้อยู่แล้ว ดีกว่าสร้างแอปพลิเคชันใหม่", "info"),
            ],
            "lessons": "<ul><li>เกษตรกรผู้นำช่วยตอบคำถามได้มาก</li>"
            "<li>ต้องมีแนวทางตอบคำถามร่วมกันเพื่อให้คำแนะนำตรงกัน</li></ul>",
        },
        "en": {
            "title": "Department of Agricultural Extension: advice to farmers within a day",
            "problem": "<p>When a plant disease or pest broke out, farmers waited for an extension officer who "
            "covered several sub-districts. By the time advice came, the damage had spread.</p>",
            "body": [
                heading("An agency prototype"),
                *para(
                    "The Department of Agricultural Extension was one of the agencies that built prototypes with "
                    "Gov Lab, supported by Mahidol University consultants. The team found most farmers already "
                    "used a chat app.",
                    "The prototype: farmers send photos of sick plants to a district chat group; officers and lead "
                    "farmers answer within a day, and involve the Royal Irrigation Department when water is the issue.",
                ),
                callout(
                    "Use the channels people already use rather than building a new app.", "info"
                ),
            ],
            "lessons": "<ul><li>Lead farmers answer many questions</li>"
            "<li>Shared answer guidelines keep advice consistent</li></ul>",
        },
    },
    {
        "slug": "irrigation-water-notice",
        "lead": "Royal Irrigation Department",
        "partners": ["Department of Agricultural Extension"],
        "provinces": ["Phra Nakhon Si Ayutthaya"],
        "theme": "agency-prototypes",
        "stage": "prototype",
        "figures": [
            (
                "เกษตรกรที่รู้กำหนดการส่งน้ำล่วงหน้า",
                "Farmers who know the water schedule in advance",
                "30%",
                "80%",
            ),
        ],
        "courses": ["evidence-based-policy"],
        "th": {
            "title": "กรมชลประทาน: แจ้งรอบส่งน้ำถึงเกษตรกร",
            "problem": "<p>เกษตรกรปลายคลองไม่รู้ว่าน้ำจะมาถึงเมื่อใด จึงเริ่มเพาะปลูกไม่พร้อมกัน "
            "น้ำไม่พอในบางช่วงและเกิดความขัดแย้งในการใช้น้ำ</p>",
            "body": [
                heading("ข้อมูลที่มีอยู่แล้วแต่ไปไม่ถึงคนใช้"),
                *para(
                    "กรมชลประทานมีแผนรอบเวรการส่งน้ำอยู่แล้ว แต่ข้อมูลไปไม่ถึงเกษตรกรรายย่อย "
                    "ทีมต้นแบบร่วมกับกลุ่มผู้ใช้น้ำออกแบบการแจ้งเตือนผ่านข้อความและเสียงตามสายหมู่บ้าน",
                    "การทดสอบในคลองส่งน้ำสายหนึ่งแสดงว่าเกษตรกรปรับวันเพาะปลูกตามรอบน้ำได้เมื่อรู้ล่วงหน้าหนึ่งสัปดาห์",
                ),
                reflection("ข้อมูลใดของหน่วยงานท่านที่ประชาชนต้องการ แต่ยังไม่เคยได้รับ?"),
            ],
            "lessons": "<ul><li>กลุ่มผู้ใช้น้ำเป็นผู้ส่งต่อข้อมูลที่เกษตรกรเชื่อถือ</li></ul>",
        },
        "en": {
            "title": "Royal Irrigation Department: water schedules for farmers",
            "problem": "<p>Farmers at the end of canals did not know when water would arrive, so they planted at "
            "different times, water ran short in some weeks and users quarrelled.</p>",
            "body": [
                heading("Data that existed but did not reach its users"),
                *para(
                    "The Royal Irrigation Department already planned water-delivery rotations, but the schedule "
                    "did not reach small farmers. The prototype team and water-user groups designed notices by "
                    "text message and village loudspeaker.",
                    "A test on one canal showed farmers adjusted planting dates to the rotation when they knew a "
                    "week ahead.",
                ),
                reflection("Which of your agency's data do citizens need but never receive?"),
            ],
            "lessons": "<ul><li>Water-user groups are messengers farmers trust</li></ul>",
        },
    },
    {
        "slug": "customs-pre-arrival-help",
        "lead": "Customs Department",
        "partners": [],
        "provinces": ["Bangkok", "Songkhla"],
        "theme": "agency-prototypes",
        "stage": "pilot",
        "figures": [
            (
                "คำถามซ้ำที่ด่านศุลกากรต่อวัน",
                "Repeated questions at the customs house per day",
                "150",
                "60",
            ),
        ],
        "courses": ["human-centred-service-design"],
        "th": {
            "title": "กรมศุลกากร: ช่วยผู้ประกอบการรายย่อยก่อนสินค้ามาถึง",
            "problem": "<p>ผู้ประกอบการรายย่อยที่นำเข้าหรือส่งออกครั้งแรกไม่เข้าใจพิกัดอัตราศุลกากรและเอกสาร "
            "สินค้าค้างที่ด่านและเสียค่าเก็บรักษา</p>",
            "body": [
                heading("คู่มือจากคำถามจริง"),
                *para(
                    "ทีมกรมศุลกากรรวบรวมคำถามที่พบบ่อยที่ด่าน แล้วเขียนคู่มือภาษาง่ายแยกตามประเภทสินค้า "
                    "พร้อมนัดปรึกษาออนไลน์ก่อนสินค้ามาถึง",
                ),
                steps(
                    "บริการก่อนสินค้ามาถึง",
                    [
                        ("ตรวจพิกัด", "ผู้ประกอบการส่งรายละเอียดสินค้าให้เจ้าหน้าที่ช่วยตรวจ"),
                        ("เตรียมเอกสาร", "รับรายการเอกสารตามประเภทสินค้า"),
                        ("ผ่านพิธีการ", "สินค้ามาถึงพร้อมเอกสารครบ"),
                    ],
                ),
            ],
            "lessons": "<ul><li>คำถามที่ซ้ำกันคือข้อมูลชั้นดีสำหรับออกแบบบริการ</li></ul>",
        },
        "en": {
            "title": "Customs Department: help for small traders before goods arrive",
            "problem": "<p>Small businesses importing or exporting for the first time did not understand tariff "
            "classification and documents; goods were held at the port and storage fees piled up.</p>",
            "body": [
                heading("A guide built from real questions"),
                *para(
                    "The Customs Department team collected frequent questions at customs houses and wrote "
                    "plain-language guides by type of goods, with online consultations before goods arrive.",
                ),
                steps(
                    "The pre-arrival service",
                    [
                        (
                            "Check the tariff",
                            "The trader sends product details for an officer to check.",
                        ),
                        ("Prepare documents", "Get the document list for that type of goods."),
                        ("Clear customs", "Goods arrive with complete documents."),
                    ],
                ),
            ],
            "lessons": "<ul><li>Repeated questions are excellent data for service design</li></ul>",
        },
    },
    {
        "slug": "driving-licence-renewal",
        "lead": "Department of Land Transport",
        "partners": [],
        "provinces": ["Bangkok"],
        "theme": "agency-prototypes",
        "stage": "institutionalised",
        "figures": [
            (
                "เวลาที่ใช้ต่ออายุใบอนุญาตขับรถ",
                "Time to renew a driving licence",
                ("ครึ่งวัน", "half a day"),
                ("30 นาที", "30 min"),
            ),
        ],
        "courses": ["innovation-in-agency-dna"],
        "th": {
            "title": "กรมการขนส่งทางบก: อบรมต่ออายุใบขับขี่ออนไลน์",
            "problem": "<p>ผู้ต่ออายุใบอนุญาตขับรถต้องนั่งอบรมที่สำนักงานขนส่งหลายชั่วโมง ทำให้ต้องลางานครึ่งวัน</p>",
            "body": [
                heading("จากต้นแบบสู่งานประจำ"),
                *para(
                    "กรมการขนส่งทางบกทดลองให้ผู้ต่ออายุอบรมออนไลน์ก่อนมาสำนักงาน แล้วมาเพียงถ่ายรูปและรับบัตร "
                    "เมื่อผลนำร่องดี จึงแก้ระเบียบให้เป็นช่องทางปกติ",
                    "นี่คือตัวอย่างของต้นแบบที่ไปถึงขั้นเป็นงานประจำของหน่วยงาน",
                ),
                callout("การแก้ระเบียบคือขั้นสุดท้ายที่ทำให้นวัตกรรมอยู่ได้ยั่งยืน", "info"),
            ],
            "lessons": "<ul><li>ผลนำร่องที่วัดได้ช่วยให้ผู้บริหารตัดสินใจแก้ระเบียบ</li></ul>",
        },
        "en": {
            "title": "Department of Land Transport: online training for licence renewal",
            "problem": "<p>People renewing a driving licence sat through hours of training at the land "
            "transport office and had to take half a day off work.</p>",
            "body": [
                heading("From prototype to everyday practice"),
                *para(
                    "The Department of Land Transport let people take the training online before coming in, "
                    "then only have a photo taken and collect the card. With good pilot results, the rules were "
                    "changed to make it a normal channel.",
                    "This is a prototype that became part of the agency's everyday work.",
                ),
                callout(
                    "Changing the rules is the last step that makes an innovation last.", "info"
                ),
            ],
            "lessons": "<ul><li>Measured pilot results helped managers decide to change the rules</li></ul>",
        },
    },
    {
        "slug": "bangkok-street-reports",
        "lead": "Bangkok Metropolitan Administration",
        "partners": ["Bangkok Mass Transit Authority"],
        "provinces": ["Bangkok"],
        "theme": "agency-prototypes",
        "stage": "scaling",
        "figures": [
            ("วันเฉลี่ยในการแก้ไขเรื่องร้องเรียน", "Average days to resolve a report", "30", "7"),
        ],
        "courses": ["evidence-based-policy", "innovation-in-agency-dna"],
        "th": {
            "title": "กรุงเทพมหานคร: แจ้งปัญหาเมืองแล้วติดตามได้",
            "problem": "<p>ชาวกรุงเทพฯ แจ้งปัญหาทางเท้า ไฟส่องสว่าง และป้ายรถโดยสารผ่านหลายช่องทาง "
            "แต่ไม่รู้ว่าเรื่องไปถึงใครและแก้เมื่อใด</p>",
            "body": [
                heading("ส่งเรื่องตรงถึงผู้รับผิดชอบ"),
                *para(
                    "ต้นแบบของกรุงเทพมหานครส่งเรื่องที่ประชาชนแจ้งพร้อมภาพและพิกัดไปยังสำนักงานเขตที่รับผิดชอบโดยตรง "
                    "ผู้แจ้งติดตามสถานะได้ เรื่องป้ายรถโดยสารส่งต่อให้องค์การขนส่งมวลชนกรุงเทพ",
                    "ข้อมูลเรื่องร้องเรียนยังช่วยให้เขตวางแผนซ่อมบำรุงจากหลักฐาน ไม่ใช่จากความเคยชิน",
                ),
                checklist("สิ่งที่ผู้แจ้งเห็น", ["ใครรับเรื่อง", "สถานะล่าสุด", "ภาพหลังแก้ไข"]),
            ],
            "lessons": "<ul><li>ความโปร่งใสของสถานะเรื่องช่วยเพิ่มความไว้วางใจ</li></ul>",
        },
        "en": {
            "title": "Bangkok Metropolitan Administration: city reports you can follow",
            "problem": "<p>Bangkok residents reported broken pavements, street lights and bus stops through "
            "many channels, but never knew who received the report or when it would be fixed.</p>",
            "body": [
                heading("Reports go straight to the right office"),
                *para(
                    "The BMA prototype sends each report, with a photo and location, straight to the responsible "
                    "district office, and the resident can follow its status. Bus-stop reports go to the Bangkok "
                    "Mass Transit Authority.",
                    "The report data also lets districts plan maintenance from evidence rather than habit.",
                ),
                checklist(
                    "What the resident sees",
                    ["Who took the report", "Its latest status", "A photo after the fix"],
                ),
            ],
            "lessons": "<ul><li>Transparent status builds trust</li></ul>",
        },
    },
]
