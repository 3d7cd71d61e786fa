"""Demo courses and their modules, in Thai and English, drawn from the Gov Lab programme.

Bodies are written with the small block builders below so each module reads like a lesson:
headings, paragraphs, callouts, steps, a reflection question and a checklist.
"""


def heading(text: str) -> tuple:
    return ("heading", {"text": text, "level": "h2"})


def para(*texts: str) -> list[tuple]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def callout(text: str, kind: str = "tip") -> tuple:
    return ("callout", {"kind": kind, "text": f"<p>{text}</p>"})


def steps(title: str, items: list[tuple[str, str]]) -> tuple:
    return (
        "steps",
        {"title": title, "steps": [{"title": t, "text": f"<p>{x}</p>"} for t, x in items]},
    )


def reflection(question: str, hint: str = "") -> tuple:
    return ("reflection", {"question": question, "hint": hint})


def checklist(title: str, items: list[str]) -> tuple:
    return ("checklist", {"title": title, "items": items})


# Each course: slug, common fields, theme slugs, Thai fields, English fields, modules.
# Each module: slug, minutes, (Thai title, Thai body), (English title, English body).
COURSES = [
    {
        "slug": "human-centred-service-design",
        "common": {"duration_hours": 12, "delivery_mode": "onsite", "level": "intro"},
        "themes": ["service-design"],
        "th": {
            "title": "การออกแบบบริการภาครัฐโดยยึดประชาชนเป็นศูนย์กลาง",
            "summary": "เรียนรู้กระบวนการคิดเชิงออกแบบ ตั้งแต่การทำความเข้าใจประชาชน นิยามปัญหา "
            "ไปจนถึงการสร้างต้นแบบบริการและทดสอบกับผู้ใช้จริง",
            "learning_outcomes": "<ul><li>สัมภาษณ์และสังเกตผู้รับบริการอย่างเป็นระบบ</li>"
            "<li>เขียนแผนที่เส้นทางของผู้รับบริการ (journey map)</li>"
            "<li>สร้างต้นแบบราคาถูกและทดสอบภายในหนึ่งสัปดาห์</li></ul>",
            "target_audience": "ข้าราชการและเจ้าหน้าที่ที่ให้บริการประชาชนโดยตรง และหัวหน้างานที่ต้องการปรับปรุงบริการ",
        },
        "en": {
            "title": "Human-centred public service design",
            "summary": "Learn the design-thinking process: understanding citizens, framing the problem, "
            "then building a service prototype and testing it with real users.",
            "learning_outcomes": "<ul><li>Interview and observe service users systematically</li>"
            "<li>Draw a citizen journey map</li>"
            "<li>Build a cheap prototype and test it within one week</li></ul>",
            "target_audience": "Front-line officials who serve citizens directly, and supervisors who want "
            "to improve a service.",
        },
        "modules": [
            (
                "understand-citizens",
                45,
                (
                    "ทำความเข้าใจประชาชนผู้รับบริการ",
                    [
                        heading("เริ่มจากคนที่ใช้บริการ ไม่ใช่จากระเบียบ"),
                        *para(
                            "บริการภาครัฐจำนวนมากออกแบบจากมุมของหน่วยงาน ขั้นตอนเรียงตามระเบียบและแบบฟอร์ม "
                            "แต่ประชาชนไม่ได้เห็นบริการเป็นขั้นตอนของกรมใดกรมหนึ่ง เขาเห็นเป็นเรื่องในชีวิต "
                            "เช่น การโอนที่ดินให้ลูก หรือการขอรับเบี้ยความพิการ",
                            "การทำความเข้าใจผู้รับบริการคือการไปดู ไปฟัง และไปลองใช้บริการด้วยตนเอง "
                            "สังเกตว่าประชาชนรอนานตรงไหน ต้องเดินทางกี่ครั้ง และรู้สึกอย่างไร",
                        ),
                        steps(
                            "สัมภาษณ์ผู้รับบริการใน 4 ขั้น",
                            [
                                ("เลือกคนให้หลากหลาย", "ผู้สูงอายุ คนพิการ คนที่มาครั้งแรก และคนที่มาบ่อย"),
                                ("ถามเรื่องที่เกิดขึ้นจริง", "ให้เล่าครั้งล่าสุดที่มาใช้บริการ ไม่ถามความเห็นลอย ๆ"),
                                ("จดคำพูดตามจริง", "บันทึกคำพูดของเขา ไม่ตีความแทน"),
                                ("สรุปภายในวันเดียวกัน", "ทีมเล่าสิ่งที่ได้ยินและติดโพสต์อิทบนผนัง"),
                            ],
                        ),
                        reflection(
                            "บริการของหน่วยงานท่าน ประชาชนต้องมาติดต่อกี่ครั้งจึงจะได้รับบริการครบ?",
                            "ลองนับจากการเดินทางจริง ไม่ใช่จากจำนวนขั้นตอนในคู่มือ",
                        ),
                    ],
                ),
                (
                    "Understanding the people you serve",
                    [
                        heading("Start from the people, not the regulation"),
                        *para(
                            "Many public services are designed from the agency's point of view: steps follow "
                            "regulations and forms. Citizens do not see a service as one department's procedure; "
                            "they see a life event, such as passing land to a child or claiming a disability allowance.",
                            "Understanding users means going to watch, listen and use the service yourself. "
                            "Notice where people wait, how many trips they make and how they feel.",
                        ),
                        steps(
                            "Interviewing service users in four steps",
                            [
                                (
                                    "Choose a mix of people",
                                    "Older people, disabled people, first-timers and regulars.",
                                ),
                                (
                                    "Ask about real events",
                                    "Ask them to tell the last time they used the service.",
                                ),
                                (
                                    "Write down their words",
                                    "Record what they said; do not interpret for them.",
                                ),
                                (
                                    "Debrief the same day",
                                    "The team shares what it heard on sticky notes on a wall.",
                                ),
                            ],
                        ),
                        reflection(
                            "How many trips must a citizen make before your agency's service is complete?",
                            "Count real journeys, not the number of steps in the manual.",
                        ),
                    ],
                ),
            ),
            (
                "frame-the-problem",
                40,
                (
                    "นิยามปัญหาให้ชัดก่อนหาทางแก้",
                    [
                        heading("จากข้อสังเกตสู่โจทย์ที่ทำได้"),
                        *para(
                            "เมื่อได้ข้อมูลจากภาคสนามแล้ว ทีมต้องจัดกลุ่มข้อสังเกต หารูปแบบที่ซ้ำกัน "
                            "และเลือกปัญหาที่สำคัญต่อประชาชนมากที่สุด ไม่ใช่ปัญหาที่แก้ง่ายที่สุด",
                            "เขียนโจทย์ในรูปคำถาม “เราจะทำอย่างไรให้…” เช่น เราจะทำอย่างไรให้ผู้สูงอายุโอนที่ดินได้ในการมาครั้งเดียว",
                        ),
                        callout(
                            "โจทย์ที่ดีไม่ระบุวิธีแก้ไว้ล่วงหน้า “เราจะทำแอปพลิเคชันอย่างไร” เป็นคำตอบ ไม่ใช่โจทย์"
                        ),
                        checklist(
                            "ตรวจโจทย์ของทีม",
                            [
                                "ระบุว่าใครคือผู้รับบริการ",
                                "อ้างอิงสิ่งที่เห็นหรือได้ยินจริง",
                                "ไม่ผูกกับเทคโนโลยีใดเทคโนโลยีหนึ่ง",
                                "วัดผลได้เมื่อแก้สำเร็จ",
                            ],
                        ),
                    ],
                ),
                (
                    "Framing the problem before solving it",
                    [
                        heading("From observations to a workable challenge"),
                        *para(
                            "With field notes in hand, the team clusters observations, looks for patterns and "
                            "chooses the problem that matters most to citizens, not the one easiest to fix.",
                            "Write the challenge as a “How might we…” question, for example: how might we let an "
                            "older person transfer land in a single visit?",
                        ),
                        callout(
                            "A good challenge does not name the solution. “How might we build an app?” is an "
                            "answer, not a challenge."
                        ),
                        checklist(
                            "Check your team's challenge",
                            [
                                "It names who the service user is",
                                "It rests on something seen or heard",
                                "It is not tied to one technology",
                                "Success can be measured",
                            ],
                        ),
                    ],
                ),
            ),
            (
                "prototype-and-test",
                60,
                (
                    "สร้างต้นแบบและทดสอบกับผู้ใช้จริง",
                    [
                        heading("ต้นแบบราคาถูก เรียนรู้ได้เร็ว"),
                        *para(
                            "ต้นแบบคือสิ่งที่ทำให้คนอื่นเห็นและลองใช้ความคิดของเราได้ อาจเป็นแบบฟอร์มกระดาษ "
                            "ป้ายบอกทาง บทพูดของเจ้าหน้าที่ หรือหน้าจอที่วาดด้วยมือ",
                            "ทดสอบกับผู้รับบริการห้าถึงแปดคนก็พอจะเห็นปัญหาหลัก ปรับแล้วทดสอบซ้ำ "
                            "ดีกว่าใช้เวลาหลายเดือนสร้างระบบที่ไม่มีใครใช้",
                        ),
                        steps(
                            "รอบการทดสอบหนึ่งสัปดาห์",
                            [
                                ("วันจันทร์", "เลือกสมมติฐานที่เสี่ยงที่สุดหนึ่งข้อ"),
                                ("วันอังคาร–พุธ", "สร้างต้นแบบที่ทดสอบสมมติฐานนั้น"),
                                ("วันพฤหัสบดี", "ทดสอบกับผู้รับบริการที่จุดบริการจริง"),
                                ("วันศุกร์", "สรุปผล ตัดสินใจว่าจะทำต่อ ปรับ หรือหยุด"),
                            ],
                        ),
                        reflection("ต้นแบบใดที่ท่านทดสอบได้ภายในสัปดาห์หน้า โดยไม่ต้องขอคำของบประมาณ?"),
                    ],
                ),
                (
                    "Prototyping and testing with real users",
                    [
                        heading("Cheap prototypes, fast learning"),
                        *para(
                            "A prototype lets others see and try your idea: a paper form, a sign, a script for "
                            "counter staff or a hand-drawn screen.",
                            "Testing with five to eight service users shows the main problems. Adjust and test "
                            "again: better than spending months building a system nobody uses.",
                        ),
                        steps(
                            "A one-week test cycle",
                            [
                                ("Monday", "Choose the single riskiest assumption."),
                                ("Tuesday–Wednesday", "Build a prototype that tests it."),
                                ("Thursday", "Test it with citizens at a real service point."),
                                ("Friday", "Review and decide: continue, adjust or stop."),
                            ],
                        ),
                        reflection(
                            "Which prototype could you test next week without asking for a budget?"
                        ),
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "innovation-in-agency-dna",
        "common": {"duration_hours": 6, "delivery_mode": "hybrid", "level": "intro"},
        "themes": ["agency-prototypes", "service-design"],
        "th": {
            "title": "นวัตกรรมในดีเอ็นเอของหน่วยงาน",
            "summary": "นวัตกรรมไม่ใช่แค่เทคโนโลยีล้ำสมัย แต่คือการเปลี่ยนวิธีทำงาน หลักสูตรนี้ช่วยผู้บริหาร"
            "และเจ้าหน้าที่ด่านหน้าสร้างวัฒนธรรมการทดลองในหน่วยงาน",
            "learning_outcomes": "<ul><li>อธิบายความหมายของนวัตกรรมภาครัฐด้วยตัวอย่างจริง</li>"
            "<li>ออกแบบพื้นที่ปลอดภัยให้เจ้าหน้าที่ทดลอง</li>"
            "<li>วางแผนขยายผลต้นแบบในทศวรรษแห่งการลงมือทำ</li></ul>",
            "target_audience": "ผู้บริหารระดับกลาง หัวหน้าส่วนราชการ และทีมนวัตกรรมของหน่วยงาน",
        },
        "en": {
            "title": "Innovation in the agency's DNA",
            "summary": "Innovation is not only advanced technology but changed ways of working. This course "
            "helps managers and front-line staff build a culture of experimentation.",
            "learning_outcomes": "<ul><li>Explain public-sector innovation with real examples</li>"
            "<li>Create a safe space for staff to experiment</li>"
            "<li>Plan to scale prototypes in the Decade of Action</li></ul>",
            "target_audience": "Middle managers, heads of units and agency innovation teams.",
        },
        "modules": [
            (
                "innovation-is-new-ways-of-working",
                30,
                (
                    "นวัตกรรมคือการเปลี่ยนวิธีทำงาน",
                    [
                        heading("ไม่ต้องเริ่มจากเทคโนโลยี"),
                        *para(
                            "ในการเปิดตัว Gov Lab เมื่อวันที่ 21 กุมภาพันธ์ 2563 สำนักงาน ก.พ.ร. ย้ำว่านวัตกรรมภาครัฐ"
                            "ไม่ได้หมายถึงเทคโนโลยีขั้นสูงเท่านั้น การเปลี่ยนลำดับขั้นตอน การรวมจุดบริการ "
                            "หรือการให้เจ้าหน้าที่ตัดสินใจได้ที่หน้างาน ก็เป็นนวัตกรรม",
                            "คำถามสำคัญคือบริการดีขึ้นสำหรับประชาชนหรือไม่ ไม่ใช่ว่าใช้เครื่องมือใหม่หรือเปล่า",
                        ),
                        callout("นวัตกรรมที่ดีที่สุดบางอย่างคือการยกเลิกขั้นตอนที่ไม่จำเป็น", "info"),
                        reflection("ขั้นตอนใดในงานของท่านที่มีอยู่เพียงเพราะ “ทำแบบนี้มาตลอด”?"),
                    ],
                ),
                (
                    "Innovation is new ways of working",
                    [
                        heading("You do not have to start from technology"),
                        *para(
                            "At the Gov Lab launch on 21 February 2020, OPDC stressed that public-sector "
                            "innovation does not mean advanced technology alone. Reordering steps, merging "
                            "service points or letting staff decide at the counter are innovations too.",
                            "The key question is whether the service got better for citizens, not whether a new "
                            "tool was used.",
                        ),
                        callout(
                            "Some of the best innovations remove a step nobody needed.", "info"
                        ),
                        reflection(
                            "Which step in your work exists only because “we have always done it”?"
                        ),
                    ],
                ),
            ),
            (
                "front-line-staff",
                30,
                (
                    "เจ้าหน้าที่ด่านหน้าคือผู้สร้างนวัตกรรม",
                    [
                        heading("ให้คนที่เห็นปัญหาได้ลงมือแก้"),
                        *para(
                            "เจ้าหน้าที่ที่ให้บริการประชาชนทุกวันรู้ดีที่สุดว่าขั้นตอนใดติดขัด "
                            "นวัตกรรมจะอยู่ในดีเอ็นเอของหน่วยงานได้ก็ต่อเมื่อคนกลุ่มนี้มีเวลาและอำนาจในการทดลอง",
                            "ผู้บริหารมีหน้าที่ปกป้องการทดลองขนาดเล็ก ยอมรับว่าบางครั้งจะล้มเหลว และเรียนรู้จากผล",
                        ),
                        checklist(
                            "สัญญาณว่าหน่วยงานพร้อมทดลอง",
                            [
                                "เจ้าหน้าที่เสนอความคิดได้โดยไม่ต้องผ่านหลายชั้น",
                                "มีเวลาที่กันไว้สำหรับการทดลอง",
                                "ความล้มเหลวของการทดลองไม่ถูกลงโทษ",
                                "ผลการทดลองถูกเล่าให้ทั้งหน่วยงานฟัง",
                            ],
                        ),
                    ],
                ),
                (
                    "Front-line staff as innovators",
                    [
                        heading("Let those who see the problem fix it"),
                        *para(
                            "Staff who serve citizens every day know best where a process gets stuck. Innovation "
                            "is in an agency's DNA only when they have time and authority to experiment.",
                            "Managers protect small experiments, accept that some will fail, and learn from results.",
                        ),
                        checklist(
                            "Signs that an agency is ready to experiment",
                            [
                                "Staff can propose ideas without many layers of approval",
                                "Time is set aside for experiments",
                                "A failed experiment is not punished",
                                "Results are shared with the whole agency",
                            ],
                        ),
                    ],
                ),
            ),
            (
                "decade-of-action",
                40,
                (
                    "ทศวรรษแห่งการลงมือทำ: จากต้นแบบสู่การขยายผล",
                    [
                        heading("ต้นแบบที่ดีต้องไปถึงประชาชนทั่วประเทศ"),
                        *para(
                            "ปี 2563–2573 เป็นทศวรรษแห่งการลงมือทำ ต้นแบบที่ทดลองในสำนักงานเดียวต้องขยายไปสู่"
                            "การปฏิบัติในวงกว้าง ซึ่งต้องวางแผนทั้งงบประมาณ บุคลากร ระเบียบ และข้อมูล",
                            "การขยายผลมีหลายระดับ ตั้งแต่ทำซ้ำในพื้นที่ใกล้เคียง ไปจนถึงการแก้ระเบียบให้เป็นวิธีทำงานปกติ",
                        ),
                        steps(
                            "ขั้นของต้นแบบ",
                            [
                                ("แนวคิด", "มีโจทย์และสมมติฐานที่ชัด"),
                                ("ต้นแบบ", "ทดสอบกับผู้ใช้จริงจำนวนน้อย"),
                                ("นำร่อง", "ใช้จริงในพื้นที่จำกัด วัดผลก่อนและหลัง"),
                                ("ขยายผล", "ขยายไปหลายจังหวัดหรือหลายหน่วยงาน"),
                                ("เป็นงานประจำ", "อยู่ในระเบียบ งบประมาณ และตัวชี้วัดของหน่วยงาน"),
                            ],
                        ),
                        callout("ข้อมูลส่วนบุคคลเป็นความท้าทายที่ต้องวางแผนตั้งแต่ขั้นนำร่อง", "warning"),
                    ],
                ),
                (
                    "The Decade of Action: from prototype to scale",
                    [
                        heading("A good prototype must reach citizens nationwide"),
                        *para(
                            "2020–2030 is the Decade of Action: prototypes tested in one office must reach "
                            "practice at scale, which needs plans for budget, people, regulation and data.",
                            "Scaling has levels, from repeating in nearby areas to changing regulations so the "
                            "new way becomes normal work.",
                        ),
                        steps(
                            "Stages of a prototype",
                            [
                                ("Idea", "A clear challenge and hypothesis."),
                                ("Prototype", "Tested with a few real users."),
                                (
                                    "Pilot",
                                    "Used for real in a limited area, measured before and after.",
                                ),
                                ("Scaling up", "Extended to many provinces or agencies."),
                                (
                                    "Institutionalised",
                                    "In the agency's rules, budget and indicators.",
                                ),
                            ],
                        ),
                        callout(
                            "Data privacy is a challenge to plan for from the pilot stage.",
                            "warning",
                        ),
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "evidence-based-policy",
        "common": {
            "duration_hours": 9,
            "delivery_mode": "online",
            "level": "intermediate",
            "teaching_language": "th-en",
        },
        "themes": ["data-driven"],
        "th": {
            "title": "การออกแบบนโยบายจากข้อมูลและหลักฐาน",
            "summary": "เชื่อมโครงการของหน่วยงานกับเป้าหมายยุทธศาสตร์ชาติด้วยห่วงโซ่เหตุและผล "
            "รายงานผลในระบบ eMENSCR และใช้ข้อมูลอย่างเคารพความเป็นส่วนตัว",
            "learning_outcomes": "<ul><li>เขียนห่วงโซ่เหตุและผล XYZ ของโครงการ</li>"
            "<li>เลือกตัวชี้วัดที่วัดผลต่อประชาชนได้จริง</li>"
            "<li>ใช้ข้อมูลตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล</li></ul>",
            "target_audience": "นักวิเคราะห์นโยบายและแผน และเจ้าหน้าที่ที่จัดทำโครงการและรายงานผล",
        },
        "en": {
            "title": "Evidence-based policy with data",
            "summary": "Link agency projects to National Strategy goals with a cause-and-effect chain, "
            "report in eMENSCR, and use data with respect for privacy.",
            "learning_outcomes": "<ul><li>Write a project's XYZ cause-and-effect chain</li>"
            "<li>Choose indicators that measure results for citizens</li>"
            "<li>Use data in line with the Personal Data Protection Act</li></ul>",
            "target_audience": "Policy and planning analysts, and staff who prepare projects and reports.",
        },
        "modules": [
            (
                "xyz-chain",
                40,
                (
                    "ห่วงโซ่เหตุและผล XYZ",
                    [
                        heading("แผนสามระดับ"),
                        *para(
                            "แผนของประเทศถ่ายทอดจากยุทธศาสตร์ชาติ (ระดับ 1) สู่แผนแม่บท (ระดับ 2) "
                            "และแผนปฏิบัติราชการของหน่วยงาน (ระดับ 3)",
                            "ทุกโครงการควรแสดงห่วงโซ่ XYZ ได้ว่า การดำเนินงาน X ของหน่วยงาน ส่งผลต่อเป้าหมายแผนแม่บท Y "
                            "และเป้าหมายยุทธศาสตร์ชาติ Z อย่างไร",
                        ),
                        steps(
                            "เขียนห่วงโซ่ XYZ",
                            [
                                ("Z", "เลือกเป้าหมายยุทธศาสตร์ชาติที่โครงการมุ่งไป"),
                                ("Y", "ระบุเป้าหมายแผนแม่บทย่อยที่วัดได้"),
                                ("X", "อธิบายกิจกรรมของหน่วยงานและผลผลิตที่ส่งต่อไปยัง Y"),
                            ],
                        ),
                        reflection(
                            "โครงการของท่านในปีงบประมาณนี้ ส่งผลต่อเป้าหมายแผนแม่บทข้อใด และมีหลักฐานอะไร?"
                        ),
                    ],
                ),
                (
                    "The XYZ cause-and-effect chain",
                    [
                        heading("Three levels of plans"),
                        *para(
                            "Thailand's plans cascade from the National Strategy (level 1) to master plans "
                            "(level 2) and agency action plans (level 3).",
                            "Every project should show its XYZ chain: how the agency's action X moves master-plan "
                            "target Y and national-strategy goal Z.",
                        ),
                        steps(
                            "Write the XYZ chain",
                            [
                                ("Z", "Choose the National Strategy goal the project serves."),
                                ("Y", "Name the measurable master-plan target."),
                                ("X", "Describe the agency's activities and outputs that feed Y."),
                            ],
                        ),
                        reflection(
                            "Which master-plan target does your project this fiscal year move, and what is "
                            "the evidence?"
                        ),
                    ],
                ),
            ),
            (
                "reporting-in-emenscr",
                30,
                (
                    "รายงานผลในระบบ eMENSCR",
                    [
                        heading("ติดตามผลด้วยข้อมูล"),
                        *para(
                            "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ (สศช.) ติดตามโครงการผ่านระบบ eMENSCR "
                            "รัฐบาลต้องการโครงการที่ขับเคลื่อนด้วยข้อมูลและมีหลักฐานรองรับ",
                            "รายงานที่ดีบอกผลต่อประชาชน ไม่ใช่แค่จำนวนกิจกรรมหรือเงินที่ใช้ไป",
                        ),
                        checklist(
                            "ก่อนส่งรายงาน",
                            [
                                "ตัวชี้วัดตรงกับเป้าหมายแผนแม่บท",
                                "มีค่าฐานก่อนเริ่มโครงการ",
                                "ระบุแหล่งข้อมูลและวันที่เก็บ",
                                "อธิบายสาเหตุหากไม่บรรลุเป้า",
                            ],
                        ),
                    ],
                ),
                (
                    "Reporting in eMENSCR",
                    [
                        heading("Monitoring with data"),
                        *para(
                            "The National Economic and Social Development Council (NESDC) monitors projects "
                            "through eMENSCR. The government asks for data-driven, evidence-based projects.",
                            "A good report states results for citizens, not just the number of activities or "
                            "the money spent.",
                        ),
                        checklist(
                            "Before you submit a report",
                            [
                                "Indicators match the master-plan target",
                                "There is a baseline from before the project",
                                "Data sources and collection dates are named",
                                "Missed targets are explained",
                            ],
                        ),
                    ],
                ),
            ),
            (
                "data-privacy",
                30,
                (
                    "ใช้ข้อมูลอย่างเคารพความเป็นส่วนตัว",
                    [
                        heading("ข้อมูลส่วนบุคคลในโครงการนวัตกรรม"),
                        *para(
                            "ต้นแบบบริการมักต้องใช้ข้อมูลของประชาชน เช่น ที่อยู่ เลขบัตรประชาชน หรือข้อมูลสุขภาพ "
                            "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 กำหนดให้เก็บเท่าที่จำเป็นและแจ้งวัตถุประสงค์",
                            "ออกแบบให้ความเป็นส่วนตัวเป็นค่าเริ่มต้น ตั้งแต่แบบฟอร์มฉบับแรก",
                        ),
                        callout(
                            "ข้อมูลสุขภาพและความพิการเป็นข้อมูลอ่อนไหว ต้องได้รับความยินยอมโดยชัดแจ้ง", "warning"
                        ),
                    ],
                ),
                (
                    "Using data with respect for privacy",
                    [
                        heading("Personal data in innovation projects"),
                        *para(
                            "Service prototypes often need citizens' data: addresses, ID numbers or health "
                            "records. The Personal Data Protection Act B.E. 2562 (2019) requires collecting only "
                            "what is needed and stating the purpose.",
                            "Design privacy in by default, from the first draft of a form.",
                        ),
                        callout(
                            "Health and disability data are sensitive: they need explicit consent.",
                            "warning",
                        ),
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "redesigning-land-services",
        "common": {"duration_hours": 6, "delivery_mode": "onsite", "level": "intermediate"},
        "themes": ["land-services", "service-design"],
        "th": {
            "title": "ออกแบบบริการด้านที่ดินใหม่",
            "summary": "ลดการเดินทางและเวลารอของประชาชนที่มาจดทะเบียนสิทธิและนิติกรรม รังวัด "
            "และขอโฉนด โดยใช้เครื่องมือออกแบบบริการร่วมกับสำนักงานที่ดินนำร่อง",
            "learning_outcomes": "<ul><li>เขียนเส้นทางของประชาชนที่สำนักงานที่ดิน</li>"
            "<li>หาจุดที่ทำให้ต้องมาหลายครั้ง</li><li>ออกแบบการนัดหมายล่วงหน้าและการตรวจเอกสาร</li></ul>",
            "target_audience": "เจ้าหน้าที่สำนักงานที่ดินจังหวัดและสาขา และหน่วยงานที่เกี่ยวข้องกับบริการที่ดิน",
        },
        "en": {
            "title": "Redesigning land services",
            "summary": "Cut the trips and waiting time of citizens who register land rights, request surveys "
            "and apply for title deeds, using service-design tools with pilot land offices.",
            "learning_outcomes": "<ul><li>Map the citizen's journey at a land office</li>"
            "<li>Find what forces repeat visits</li><li>Design appointments and document checks in advance</li></ul>",
            "target_audience": "Staff of provincial and branch land offices and agencies involved in land services.",
        },
        "modules": [
            (
                "land-office-journey",
                45,
                (
                    "เส้นทางของประชาชนที่สำนักงานที่ดิน",
                    [
                        heading("หนึ่งวันที่สำนักงานที่ดิน"),
                        *para(
                            "บริการด้านที่ดินเป็นประเด็นที่กระทบประชาชนจำนวนมากและเกี่ยวข้องหลายหน่วยงาน "
                            "ใน Gov Lab ปีงบประมาณ 2563 ทีมที่ปรึกษาจากสถาบันบัณฑิตพัฒนบริหารศาสตร์ร่วมกับกรมที่ดินศึกษาเส้นทางของผู้มาติดต่อ",
                            "หลายคนมาตั้งแต่เช้ามืดเพื่อรับบัตรคิว แล้วพบว่าเอกสารไม่ครบและต้องกลับมาใหม่อีกวัน "
                            "โดยเฉพาะการจดทะเบียนมรดกและการขายฝาก",
                        ),
                        reflection(
                            "ถ้าท่านเป็นผู้สูงอายุที่ต้องโอนที่ดินให้ลูก ท่านจะรู้ได้อย่างไรว่าต้องเตรียมเอกสารอะไร?"
                        ),
                    ],
                ),
                (
                    "A citizen's journey at the land office",
                    [
                        heading("A day at the land office"),
                        *para(
                            "Land services affect many people and involve several agencies. In Gov Lab's "
                            "fiscal-2020 programme, NIDA consultants and the Department of Lands studied the "
                            "journeys of people who come to land offices.",
                            "Many arrive before dawn for a queue ticket, then learn a document is missing and must "
                            "come back another day, especially for inheritance registrations and sale with right "
                            "of redemption.",
                        ),
                        reflection(
                            "If you were an older person transferring land to your child, how would you know which "
                            "documents to bring?"
                        ),
                    ],
                ),
            ),
            (
                "one-visit-service",
                40,
                (
                    "บริการที่จบในการมาครั้งเดียว",
                    [
                        heading("ตรวจเอกสารก่อนวันนัด"),
                        *para(
                            "เมื่อประชาชนจองคิวล่วงหน้าและส่งภาพเอกสารมาก่อน เจ้าหน้าที่ตรวจได้ว่าขาดอะไร "
                            "และแจ้งกลับก่อนวันนัด ทำให้การมาที่สำนักงานจบได้ในครั้งเดียว",
                        ),
                        steps(
                            "ขั้นตอนบริการแบบนัดหมาย",
                            [
                                ("จองคิว", "เลือกวันและเวลาทางออนไลน์หรือโทรศัพท์"),
                                ("ส่งเอกสาร", "ถ่ายภาพเอกสารส่งให้เจ้าหน้าที่ตรวจ"),
                                ("รับผลตรวจ", "เจ้าหน้าที่แจ้งเอกสารที่ขาดภายในสองวันทำการ"),
                                ("มาตามนัด", "ลงนามและชำระค่าธรรมเนียมโดยไม่ต้องรอคิว"),
                            ],
                        ),
                        callout("อย่าลืมช่องทางโทรศัพท์สำหรับผู้ที่ไม่ใช้สมาร์ตโฟน", "warning"),
                    ],
                ),
                (
                    "A service finished in one visit",
                    [
                        heading("Check documents before the appointment"),
                        *para(
                            "When citizens book in advance and send photos of their documents, staff can see what "
                            "is missing and tell them before the appointment, so the visit finishes in one trip.",
                        ),
                        steps(
                            "The appointment service step by step",
                            [
                                ("Book", "Choose a date and time online or by phone."),
                                ("Send documents", "Send photos of documents for staff to check."),
                                (
                                    "Get the check result",
                                    "Staff report missing documents within two working days.",
                                ),
                                ("Come at the booked time", "Sign and pay without queuing."),
                            ],
                        ),
                        callout(
                            "Keep a phone channel for people who do not use smartphones.", "warning"
                        ),
                    ],
                ),
            ),
            (
                "measuring-land-services",
                30,
                (
                    "วัดผลบริการที่ดิน",
                    [
                        heading("วัดจากประสบการณ์ของประชาชน"),
                        *para(
                            "ตัวชี้วัดที่มีความหมายคือจำนวนครั้งที่ต้องมา เวลาตั้งแต่มาถึงจนเสร็จ "
                            "และสัดส่วนคำขอที่จบในวันเดียว ไม่ใช่เพียงจำนวนเรื่องที่รับ",
                        ),
                        checklist(
                            "ตัวชี้วัดก่อนและหลัง",
                            [
                                "จำนวนครั้งเฉลี่ยที่ประชาชนต้องมา",
                                "เวลารอเฉลี่ยที่สำนักงาน",
                                "ร้อยละของคำขอที่เอกสารครบในการมาครั้งแรก",
                                "ความพึงพอใจของผู้สูงอายุและคนพิการ",
                            ],
                        ),
                    ],
                ),
                (
                    "Measuring land services",
                    [
                        heading("Measure the citizen's experience"),
                        *para(
                            "Meaningful indicators are the number of trips, the time from arrival to completion "
                            "and the share of requests finished in one day, not only the number of cases received.",
                        ),
                        checklist(
                            "Before-and-after indicators",
                            [
                                "Average number of trips per citizen",
                                "Average waiting time at the office",
                                "Share of requests complete on the first visit",
                                "Satisfaction of older and disabled people",
                            ],
                        ),
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "accessible-services-disability",
        "common": {"duration_hours": 6, "delivery_mode": "hybrid", "level": "intro"},
        "themes": ["disability", "service-design"],
        "th": {
            "title": "บริการที่คนพิการเข้าถึงได้จริง",
            "summary": "ออกแบบบริการร่วมกับคนพิการและครอบครัว ตั้งแต่การทำบัตรประจำตัวคนพิการ "
            "การขอรับเบี้ยความพิการ ไปจนถึงช่องทางดิจิทัลที่ทุกคนใช้ได้",
            "learning_outcomes": "<ul><li>จัดเวิร์กชอปออกแบบร่วมกับคนพิการ</li>"
            "<li>ลดเอกสารและการเดินทางในการขอรับสิทธิ</li><li>ตรวจการเข้าถึงของเว็บไซต์และแบบฟอร์ม</li></ul>",
            "target_audience": "เจ้าหน้าที่ศูนย์บริการคนพิการ องค์กรปกครองส่วนท้องถิ่น และโรงพยาบาล",
        },
        "en": {
            "title": "Services people with disabilities can reach",
            "summary": "Co-design services with disabled people and their families, from the disability ID "
            "card and disability allowance to digital channels everyone can use.",
            "learning_outcomes": "<ul><li>Run a co-design workshop with disabled people</li>"
            "<li>Cut documents and trips needed to claim rights</li><li>Check websites and forms for accessibility</li></ul>",
            "target_audience": "Staff of disability service centres, local governments and hospitals.",
        },
        "modules": [
            (
                "co-design-with-disabled-people",
                40,
                (
                    "ออกแบบร่วมกับคนพิการ",
                    [
                        heading("ไม่มีอะไรเกี่ยวกับเรา โดยไม่มีเรา"),
                        *para(
                            "การส่งเสริมคุณภาพชีวิตคนพิการเป็นหนึ่งในสามประเด็นข้ามหน่วยงานของ Gov Lab "
                            "บริการที่ดีต้องออกแบบร่วมกับคนพิการแต่ละประเภท ทั้งทางการเห็น การได้ยิน การเคลื่อนไหว และสติปัญญา",
                            "จัดเวิร์กชอปในสถานที่ที่เข้าถึงได้ เตรียมล่ามภาษามือ เอกสารอักษรเบรลล์หรือไฟล์ที่อ่านด้วยโปรแกรมอ่านหน้าจอได้",
                        ),
                        checklist(
                            "เตรียมเวิร์กชอปที่เข้าถึงได้",
                            [
                                "ทางลาดและห้องน้ำสำหรับวีลแชร์",
                                "ล่ามภาษามือ",
                                "เอกสารตัวอักษรใหญ่และไฟล์ดิจิทัล",
                                "ค่าเดินทางสำหรับผู้เข้าร่วมและผู้ช่วย",
                            ],
                        ),
                    ],
                ),
                (
                    "Co-designing with disabled people",
                    [
                        heading("Nothing about us without us"),
                        *para(
                            "Quality of life for people with disabilities is one of Gov Lab's three cross-agency "
                            "issues. Good services are designed with people of each disability type: visual, "
                            "hearing, mobility and intellectual.",
                            "Hold workshops in accessible venues, with sign-language interpreters and documents in "
                            "Braille or files a screen reader can read.",
                        ),
                        checklist(
                            "Preparing an accessible workshop",
                            [
                                "Ramps and wheelchair-accessible toilets",
                                "Sign-language interpreters",
                                "Large-print documents and digital files",
                                "Travel costs for participants and their assistants",
                            ],
                        ),
                    ],
                ),
            ),
            (
                "claiming-rights",
                35,
                (
                    "บัตรคนพิการและการขอรับสิทธิ",
                    [
                        heading("ลดการเดินทางเพื่อขอรับสิทธิ"),
                        *para(
                            "ผู้ขอมีบัตรประจำตัวคนพิการต้องมีเอกสารรับรองความพิการจากโรงพยาบาล แล้วจึงยื่นที่ศูนย์บริการ "
                            "ก่อนไปขอรับเบี้ยความพิการที่องค์กรปกครองส่วนท้องถิ่น การเดินทางหลายจุดเป็นภาระหนักสำหรับคนพิการ",
                            "ต้นแบบที่ทดลองคือการเชื่อมข้อมูลระหว่างโรงพยาบาล ศูนย์บริการคนพิการ และท้องถิ่น ให้ยื่นครั้งเดียวได้ทุกสิทธิ",
                        ),
                        reflection("หน่วยงานของท่านขอเอกสารใดจากประชาชนที่หน่วยงานรัฐอื่นมีอยู่แล้ว?"),
                    ],
                ),
                (
                    "Disability cards and claiming rights",
                    [
                        heading("Fewer trips to claim rights"),
                        *para(
                            "To get a disability ID card, a person needs a disability certificate from a hospital, "
                            "applies at a service centre, then claims the disability allowance at the local "
                            "government office. Travelling to several places is a heavy burden.",
                            "The prototype tested linking data between the hospital, the disability service "
                            "centre and local government, so one application covers every right.",
                        ),
                        reflection(
                            "Which documents does your agency ask citizens for that another agency already holds?"
                        ),
                    ],
                ),
            ),
            (
                "digital-accessibility",
                30,
                (
                    "การเข้าถึงดิจิทัล",
                    [
                        heading("เว็บไซต์ที่ทุกคนใช้ได้"),
                        *para(
                            "บริการออนไลน์ต้องใช้ได้กับโปรแกรมอ่านหน้าจอ แป้นพิมพ์ และการขยายตัวอักษร "
                            "ตามแนวทาง WCAG การทดสอบกับผู้ใช้ที่พิการจริงสำคัญกว่าเครื่องมือตรวจอัตโนมัติ",
                        ),
                        steps(
                            "ตรวจหน้าเว็บใน 4 ขั้น",
                            [
                                ("ใช้แป้นพิมพ์อย่างเดียว", "กด Tab ไปได้ทุกปุ่มและเห็นตำแหน่งที่เลือก"),
                                ("ขยายเป็น 200%", "ข้อความไม่ทับกันและไม่ต้องเลื่อนซ้ายขวา"),
                                ("ฟังด้วยโปรแกรมอ่านหน้าจอ", "ภาพมีคำอธิบาย ช่องกรอกมีชื่อ"),
                                ("ตรวจสี", "ตัวอักษรตัดกับพื้นหลังชัดเจน"),
                            ],
                        ),
                    ],
                ),
                (
                    "Digital accessibility",
                    [
                        heading("Websites everyone can use"),
                        *para(
                            "Online services must work with screen readers, keyboards and text enlargement, "
                            "following WCAG. Testing with disabled users matters more than automated checkers.",
                        ),
                        steps(
                            "Check a web page in four steps",
                            [
                                ("Keyboard only", "Tab reaches every button and focus is visible."),
                                (
                                    "Zoom to 200%",
                                    "Text does not overlap and no sideways scrolling.",
                                ),
                                (
                                    "Listen with a screen reader",
                                    "Images have descriptions, fields have labels.",
                                ),
                                ("Check colours", "Text contrasts clearly with its background."),
                            ],
                        ),
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "community-drug-prevention",
        "common": {"duration_hours": 6, "delivery_mode": "onsite", "level": "advanced"},
        "themes": ["drug-prevention"],
        "th": {
            "title": "ชุมชนร่วมป้องกันและแก้ไขปัญหายาเสพติด",
            "summary": "มองปัญหายาเสพติดทั้งระบบ ตั้งแต่การป้องกันในโรงเรียนและชุมชน การบำบัด "
            "จนถึงการคืนคนดีสู่สังคม โดยทำงานข้ามหน่วยงานร่วมกับชุมชน",
            "learning_outcomes": "<ul><li>วาดแผนที่ระบบของปัญหายาเสพติดในพื้นที่</li>"
            "<li>ออกแบบเส้นทางส่งต่อผู้ใช้ยาเข้าสู่การบำบัด</li><li>ประสานงานข้ามหน่วยงานด้วยข้อมูลร่วม</li></ul>",
            "target_audience": "เจ้าหน้าที่ ป.ป.ส. ตำรวจ สาธารณสุข ฝ่ายปกครอง และผู้นำชุมชน",
        },
        "en": {
            "title": "Community-led drug prevention",
            "summary": "See the drug problem as a whole system, from prevention in schools and communities "
            "to treatment and reintegration, working across agencies with the community.",
            "learning_outcomes": "<ul><li>Draw a systems map of the local drug problem</li>"
            "<li>Design a referral path from drug use into treatment</li><li>Coordinate agencies with shared data</li></ul>",
            "target_audience": "Staff of ONCB, police, public health, district administration and community leaders.",
        },
        "modules": [
            (
                "systems-view",
                40,
                (
                    "มองปัญหายาเสพติดทั้งระบบ",
                    [
                        heading("ปัญหาที่ไม่มีหน่วยงานใดแก้ได้ลำพัง"),
                        *para(
                            "การป้องกันและปราบปรามยาเสพติดเป็นประเด็นข้ามหน่วยงานของ Gov Lab ที่มีทีมที่ปรึกษาจาก "
                            "สถาบันบัณฑิตพัฒนบริหารศาสตร์ดูแล ปัญหาเกี่ยวพันกับการศึกษา การมีงานทำ สุขภาพ และความปลอดภัย",
                            "แผนที่ระบบช่วยให้ทุกหน่วยงานเห็นว่าการกระทำของตนส่งผลต่อส่วนอื่นอย่างไร "
                            "และหาจุดคานงัดที่แก้ได้หลายเรื่องพร้อมกัน",
                        ),
                        reflection("ในพื้นที่ของท่าน เยาวชนที่เลิกยาแล้วกลับไปใช้ซ้ำเพราะอะไรมากที่สุด?"),
                    ],
                ),
                (
                    "A systems view of the drug problem",
                    [
                        heading("A problem no agency can solve alone"),
                        *para(
                            "Drug prevention and suppression is a cross-agency Gov Lab issue led by NIDA "
                            "consultants. The problem is tied to education, jobs, health and safety.",
                            "A systems map helps each agency see how its actions affect others, and find leverage "
                            "points that fix several things at once.",
                        ),
                        reflection(
                            "In your area, what most often makes young people who quit drugs use again?"
                        ),
                    ],
                ),
            ),
            (
                "treatment-and-reintegration",
                40,
                (
                    "บำบัดและคืนคนดีสู่สังคม",
                    [
                        heading("มองผู้ใช้ยาเป็นผู้ป่วย"),
                        *para(
                            "ผู้ใช้ยาที่ได้รับการบำบัดและมีงานทำมีโอกาสกลับไปใช้ซ้ำน้อยลง "
                            "ชุมชนจึงเป็นทั้งผู้ช่วยค้นหา ส่งต่อ และรับกลับเข้าสู่สังคม",
                        ),
                        steps(
                            "เส้นทางส่งต่อในชุมชน",
                            [
                                ("ค้นหา", "อาสาสมัครและครอบครัวพบผู้ที่ต้องการความช่วยเหลือ"),
                                ("ส่งต่อ", "โรงพยาบาลส่งเสริมสุขภาพตำบลประเมินและนัดบำบัด"),
                                ("บำบัด", "บำบัดแบบผู้ป่วยนอกหรือในค่ายตามความรุนแรง"),
                                ("ติดตาม", "ชุมชนและนายจ้างช่วยติดตามอย่างน้อยหนึ่งปี"),
                            ],
                        ),
                        callout("ข้อมูลการบำบัดเป็นข้อมูลสุขภาพ เปิดเผยได้เฉพาะผู้ที่จำเป็นต้องรู้", "warning"),
                    ],
                ),
                (
                    "Treatment and reintegration",
                    [
                        heading("See drug users as patients"),
                        *para(
                            "Drug users who are treated and have a job are less likely to relapse. The community "
                            "helps find, refer and welcome people back.",
                        ),
                        steps(
                            "A community referral path",
                            [
                                ("Find", "Volunteers and families identify people who need help."),
                                (
                                    "Refer",
                                    "The sub-district health promoting hospital assesses and books treatment.",
                                ),
                                (
                                    "Treat",
                                    "Outpatient or residential treatment depending on severity.",
                                ),
                                (
                                    "Follow up",
                                    "Community and employers follow up for at least a year.",
                                ),
                            ],
                        ),
                        callout(
                            "Treatment records are health data: share them only with those who need to know.",
                            "warning",
                        ),
                    ],
                ),
            ),
            (
                "working-across-agencies",
                30,
                (
                    "ทำงานข้ามหน่วยงาน",
                    [
                        heading("เป้าหมายร่วม ข้อมูลร่วม"),
                        *para(
                            "ตำรวจ สาธารณสุข ฝ่ายปกครอง โรงเรียน และ ป.ป.ส. มักมีข้อมูลคนละชุด "
                            "การตกลงตัวชี้วัดร่วมกัน เช่น จำนวนผู้ที่บำบัดครบและมีงานทำ ช่วยให้ทุกหน่วยงานเดินไปทางเดียวกัน",
                        ),
                        checklist(
                            "ข้อตกลงข้ามหน่วยงาน",
                            [
                                "เป้าหมายร่วมที่วัดผลต่อประชาชน",
                                "ผู้ประสานงานหลักหนึ่งคน",
                                "การประชุมทบทวนทุกเดือน",
                                "ข้อตกลงการแบ่งปันข้อมูลตามกฎหมาย",
                            ],
                        ),
                    ],
                ),
                (
                    "Working across agencies",
                    [
                        heading("Shared goals, shared data"),
                        *para(
                            "Police, public health, district administration, schools and ONCB often hold "
                            "separate data. Agreeing shared indicators, such as people who completed treatment "
                            "and found work, gets every agency moving the same way.",
                        ),
                        checklist(
                            "A cross-agency agreement",
                            [
                                "A shared goal measured for citizens",
                                "One lead coordinator",
                                "A monthly review meeting",
                                "A lawful data-sharing agreement",
                            ],
                        ),
                    ],
                ),
            ),
        ],
    },
]
