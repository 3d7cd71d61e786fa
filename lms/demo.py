"""Demo links from training to results: which demo cohorts co-designed which prototypes.

Runs last in `manage.py load_demo_data` (after courses made the cohorts); idempotent.
"""

from cms.models import CaseStudyPage
from courses.models import Cohort

# Course slug -> case-study slugs its cohorts' participants co-designed.
CO_DESIGNED = {
    "human-centred-service-design": ["land-office-appointments", "driving-licence-renewal"],
    "innovation-in-agency-dna": ["farmer-advice-line", "bangkok-street-reports"],
    "evidence-based-policy": ["customs-pre-arrival-help"],
    "redesigning-land-services": ["land-office-appointments"],
}


def load() -> None:
    prototypes = {
        page.slug: page for page in CaseStudyPage.objects.filter(locale__language_code="th")
    }
    for cohort in Cohort.objects.select_related("course"):
        slugs = CO_DESIGNED.get(cohort.course.slug, [])
        cohort.co_designed_prototypes.add(*[prototypes[s] for s in slugs if s in prototypes])
