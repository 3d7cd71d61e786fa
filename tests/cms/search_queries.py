"""The search quality set: queries a learner would type, and the demo pages relevant to each.

Relevant means the page is about the query, judged by reading it; a page that only mentions
the words in passing (an example in another lesson) is not listed, and counts against precision.

Each entry: (language, query, slugs of the pages that must be in the results). Used by
tests/cms/test_search.py (every relevant page is found) and benchmarks/search_quality.py
(recall and precision over the whole set). Slugs are the demo's (demo/content/courses/,
demo/content/case_studies.yaml); a slug names the page in the query's language.
"""

SEARCH_QUERIES = [
    # Thai words inside longer Thai text: what Wagtail's database backend cannot find.
    (
        "th",
        "นวัตกรรม",
        {"innovation-in-agency-dna", "innovation-is-new-ways-of-working", "front-line-staff"},
    ),
    (
        "th",
        "ที่ดิน",
        {
            "redesigning-land-services",
            "land-office-journey",
            "land-office-appointments",
            "measuring-land-services",
        },
    ),
    (
        "th",
        "คนพิการ",
        {
            "accessible-services-disability",
            "co-design-with-disabled-people",
            "claiming-rights",
            "one-stop-disability-rights",
        },
    ),
    (
        "th",
        "ยาเสพติด",
        {"community-drug-prevention", "systems-view", "community-treatment-referral"},
    ),
    ("th", "เกษตรกร", {"farmer-advice-line", "irrigation-water-notice"}),
    ("th", "ศุลกากร", {"customs-pre-arrival-help"}),
    ("th", "ใบขับขี่", {"driving-licence-renewal"}),
    ("th", "ความเป็นส่วนตัว", {"data-privacy", "evidence-based-policy"}),
    ("th", "ภาษามือ", {"co-design-with-disabled-people", "one-stop-disability-rights"}),
    ("th", "ต้นแบบราคาถูก", {"prototype-and-test", "human-centred-service-design"}),
    ("th", "ส่งน้ำ", {"irrigation-water-notice"}),
    (
        "th",
        "บำบัด",
        {
            "treatment-and-reintegration",
            "community-treatment-referral",
            "community-drug-prevention",
        },
    ),
    # Several Thai words run together, as people type them.
    ("th", "นวัตกรรมภาครัฐ", {"innovation-is-new-ways-of-working", "innovation-in-agency-dna"}),
    ("th", "โอนที่ดินให้ลูก", {"land-office-journey", "understand-citizens"}),
    ("th", "ห่วงโซ่เหตุและผล", {"xyz-chain", "evidence-based-policy"}),
    (
        "th",
        "เบี้ยความพิการ",
        {"claiming-rights", "one-stop-disability-rights", "accessible-services-disability"},
    ),
    ("th", "eMENSCR", {"reporting-in-emenscr", "evidence-based-policy"}),
    # English.
    (
        "en",
        "innovation",
        {"innovation-in-agency-dna", "innovation-is-new-ways-of-working", "front-line-staff"},
    ),
    (
        "en",
        "land office",
        {
            "land-office-journey",
            "land-office-appointments",
            "measuring-land-services",
            "redesigning-land-services",
        },
    ),
    (
        "en",
        "disability allowance",
        {"claiming-rights", "one-stop-disability-rights", "accessible-services-disability"},
    ),
    (
        "en",
        "drug treatment",
        {
            "community-treatment-referral",
            "treatment-and-reintegration",
            "community-drug-prevention",
        },
    ),
    ("en", "screen reader", {"digital-accessibility", "co-design-with-disabled-people"}),
    ("en", "customs", {"customs-pre-arrival-help"}),
    ("en", "cheap prototype", {"prototype-and-test", "human-centred-service-design"}),
    ("en", "farmers", {"farmer-advice-line", "irrigation-water-notice"}),
    ("en", "eMENSCR", {"reporting-in-emenscr", "evidence-based-policy"}),
]
