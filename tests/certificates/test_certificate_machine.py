"""The certificate lifecycle as a Hypothesis state machine (issue #14, guard 2).

Random sequences of issuing one certificate, re-running the cohort batch (through the outbox and
Celery, eager in tests, as the admin's button does), revoking, reissuing, erasing a holder's
personal data (PDPA, `privacy.registry.erase_person`) and editing the design run through the
real `certificates.issuing` and privacy functions against the test database, with real PDFs.
The machine keeps its own record of what each certificate should be; after every step:

* at most one VALID certificate per enrolment, and each certificate has the status the
  operations so far give it (revoked stays revoked, a batch never issues one that was not
  asked for);
* an enrolment whose certificate was revoked has no valid one unless it was reissued;
* the public `/verify/<serial>/` page and `/verify/<serial>.json` say what the database says:
  status, holder, and what was printed (course, cohort, dates, hours, issuer: design edits
  never change an issued certificate); an erased holder's name appears nowhere, on
  certificates issued before the erasure or after;
* every stored PDF matches the SHA-256 that the verification page checks files against.

Refused operations change nothing. PDFs are rendered for real (the project has no switch to
skip it), so examples are few; each runs in a savepoint rolled back at its end.
"""

import hashlib
import itertools
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client, TestCase
from django.utils.html import escape
from hypothesis import event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import User
from certificates import issuing
from certificates.models import Certificate, CertificateBatch, CertificateTemplate
from certificates.privacy import ERASED_HOLDER_EN, ERASED_HOLDER_TH
from certificates.storage import certificate_storage
from courses.models import Cohort, Enrollment
from outbox.models import OutboxMessage
from privacy.registry import erase_person
from tests.certificates.factories import make_cohort, make_enrollment
from tests.factories import make_bilingual_course, make_learner, make_opdc_staff

Status = Certificate.Status
# The learners of the cohort, by the label a failing example prints.
LEARNERS = {
    "Somchai": ("นาย", "สมชาย", "มั่นคงดี", "Mr", "Somchai", "Mankongdee"),
    "Wilai": ("นาง", "วิไล", "ศรีสวัสดิ์ทอง", "Mrs", "Wilai", "Srisawatthong"),
    "Kanokporn": ("นางสาว", "กนกพร", "ใจเย็นมาก", "Ms", "Kanokporn", "Jaiyenmak"),
    # Still enrolled: not (yet) entitled to a certificate.
    "Thana": ("นาย", "ธนา", "ยังเรียนอยู่", "Mr", "Thana", "Yangrianyu"),
}
NOT_COMPLETED = "Thana"
# What was printed and never changes afterwards, whatever happens to the design or the holder.
PRINTED = (
    "serial",
    "course_title_th",
    "course_title_en",
    "cohort_code",
    "start_date",
    "end_date",
    "hours",
    "issuer_th",
    "issuer_en",
    "issued_at",
    "sha256",
)
_designs = itertools.count(1)


@dataclass
class World:
    """Built once per test: a bilingual course, one cohort and its learners, OPDC staff."""

    cohort: Cohort
    enrolments: dict[str, Enrollment]
    staff: User


def _snapshot() -> dict:
    """Everything a certificate operation may change, to show that a refusal changed nothing."""
    return {
        "certificates": list(Certificate.objects.order_by("pk").values()),
        "history": Certificate.history.count(),
        "batches": CertificateBatch.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


class CertificateMachine(RuleBasedStateMachine):
    certificates = Bundle("certificates")

    def __init__(self, world: World):
        super().__init__()
        self.world = world
        self.client = Client()
        # Per example: everything this example writes is rolled back in teardown().
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        # The machine's own record: each certificate's expected status and printed facts,
        # the enrolments whose certificate was revoked and not reissued, erased holders.
        self.status: dict[int, str] = {}
        self.printed: dict[int, dict] = {}
        self.holder: dict[int, tuple[str, str]] = {}
        self.barred: set[int] = set()
        self.erased: dict[int, tuple[str, ...]] = {}
        self.erasures = 0
        self.issuer = CertificateTemplate.get_default().issuer_th

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers -------------------------------------------------------------------------------

    def _enrolment(self, who: str) -> Enrollment:
        return Enrollment.objects.select_related("cohort__course", "learner").get(
            pk=self.world.enrolments[who].pk
        )

    def _valid(self, enrollment_id: int) -> list[int]:
        return [
            pk
            for pk, status in self.status.items()
            if status == Status.VALID and self.printed[pk]["enrollment_id"] == enrollment_id
        ]

    def _record_new(self, certificate: Certificate) -> int:
        """A certificate the machine expects: valid, printed with today's design."""
        certificate = Certificate.objects.get(pk=certificate.pk)
        assert certificate.pk not in self.status, "an issued certificate was returned as new"
        assert certificate.status == Status.VALID
        assert certificate.issuer_th == self.issuer, "issued with an old design"
        self.status[certificate.pk] = Status.VALID
        self.printed[certificate.pk] = {
            "enrollment_id": certificate.enrollment_id,
            **{name: getattr(certificate, name) for name in PRINTED},
        }
        self.holder[certificate.pk] = (certificate.holder_name_th, certificate.holder_name_en)
        return certificate.pk

    # Rules ---------------------------------------------------------------------------------

    @initialize()
    def nothing_issued_yet(self):
        assert not Certificate.objects.filter(enrollment__cohort=self.world.cohort).exists()

    @rule(target=certificates, who=st.sampled_from(tuple(LEARNERS)))
    def issue(self, who):
        """One enrolment's certificate, as the completion job and the admin issue it."""
        enrollment = self._enrolment(who)
        before = _snapshot()
        valid = self._valid(enrollment.pk)
        try:
            certificate = issuing.issue_certificate(enrollment, by=self.world.staff)
        except issuing.CertificateNotIssuable as refusal:
            revoked = isinstance(refusal, issuing.CertificateRevoked)
            event(f"issue: refused, {'revoked' if revoked else 'not completed'}")
            assert not valid
            assert (enrollment.pk in self.barred) if revoked else who == NOT_COMPLETED
            assert _snapshot() == before, "a refused issue changed something"
            return multiple()
        assert who != NOT_COMPLETED and enrollment.pk not in self.barred
        if valid:
            event("issue: already issued")
            assert [certificate.pk] == valid
            assert _snapshot() == before, "issuing again changed something"
            return multiple()
        event("issue: issued")
        return self._record_new(certificate)

    @rule(target=certificates)
    def run_the_batch(self):
        """The cohort's "Issue certificates" button: the outbox publishes the batch's jobs
        after the commit, and Celery runs them (eagerly in tests)."""
        due = [
            enrollment.pk
            for who, enrollment in self.world.enrolments.items()
            if who != NOT_COMPLETED and enrollment.pk not in self.barred
        ]
        missing = [pk for pk in due if not self._valid(pk)]
        known = set(self.status)
        with TestCase.captureOnCommitCallbacks(execute=True):
            batch = issuing.issue_for_cohort(self.world.cohort, by=self.world.staff)
        if not missing:
            assert batch is None, "a batch with nothing new to issue"
        else:
            assert batch is not None
            batch.refresh_from_db()
            assert (batch.total, batch.done, batch.failed) == (len(missing), len(missing), 0), (
                batch.errors
            )
        new = list(
            Certificate.objects.filter(enrollment__cohort=self.world.cohort)
            .exclude(pk__in=known)
            .order_by("pk")
        )
        assert sorted(c.enrollment_id for c in new) == sorted(missing), (
            "the batch issued other certificates than the missing ones"
        )
        event(f"batch: issued {len(new)}")
        return multiple(*(self._record_new(certificate) for certificate in new))

    @rule(certificate=certificates, reason=st.sampled_from(("", "ข้อมูลผู้เรียนไม่ถูกต้อง")))
    def revoke(self, certificate, reason):
        before = _snapshot()
        issuing.revoke(Certificate.objects.get(pk=certificate), reason, by=self.world.staff)
        if self.status[certificate] != Status.VALID:
            event(f"revoke: {self.status[certificate]}, nothing to do")
            assert _snapshot() == before, "revoking a certificate that is not valid changed it"
            return
        event("revoke: revoked")
        self.status[certificate] = Status.REVOKED
        self.barred.add(self.printed[certificate]["enrollment_id"])
        revoked = Certificate.objects.get(pk=certificate)
        assert revoked.revocation_reason == reason
        assert revoked.revoked_by == self.world.staff

    @rule(target=certificates, certificate=certificates, reinstate=st.booleans())
    def reissue(self, certificate, reinstate):
        """A deliberate reissue: the only way back to a valid certificate after a revocation,
        and then only when the person says so (reinstate)."""
        before = _snapshot()
        old_status = self.status[certificate]
        already_replaced = Certificate.objects.filter(
            pk=certificate, superseded_by__isnull=False
        ).exists()
        try:
            new = issuing.reissue(
                Certificate.objects.get(pk=certificate),
                by=self.world.staff,
                reason="ทดสอบ",
                reinstate=reinstate,
            )
        except issuing.CertificateNotIssuable:
            event(f"reissue: refused, {old_status}, reinstate={reinstate}")
            assert (
                old_status == Status.SUPERSEDED
                or already_replaced
                or (old_status == Status.REVOKED and not reinstate)
            )
            assert _snapshot() == before, "a refused reissue changed something"
            return multiple()
        assert old_status in (Status.VALID, Status.REVOKED) and not already_replaced
        event(f"reissue: {old_status}")
        if old_status == Status.VALID:
            self.status[certificate] = Status.SUPERSEDED
        self.barred.discard(self.printed[certificate]["enrollment_id"])
        pk = self._record_new(new)
        assert Certificate.objects.get(pk=certificate).superseded_by_id == pk
        return pk

    # A few per example (the same holder twice allowed): each renders the holder's PDFs again.
    @precondition(lambda self: self.erasures < 3)
    @rule(who=st.sampled_from(tuple(LEARNERS)))
    def erase_the_holder(self, who):
        """The learner's PDPA erasure, as their data request runs it (every app's handler)."""
        learner = self._enrolment(who).learner
        if learner.pk not in self.erased:
            self.erased[learner.pk] = (
                learner.full_name_th,
                learner.full_name_en,
                learner.last_name_th,
                learner.last_name,
            )
        erase_person(learner)
        self.erasures += 1
        event("erase: done")
        for pk in Certificate.objects.filter(enrollment__learner=learner).values_list(
            "pk", flat=True
        ):
            self.holder[pk] = (ERASED_HOLDER_TH, ERASED_HOLDER_EN)
            # A new PDF without the name: the hash the page checks files against is its.
            self.printed[pk]["sha256"] = Certificate.objects.get(pk=pk).sha256

    # Once something was issued, so that there is an issued certificate to stay as it was.
    @precondition(lambda self: bool(self.status))
    @rule()
    def edit_the_design(self):
        """Staff edit the default design in the admin (a new revision of the snippet)."""
        design = CertificateTemplate.get_default()
        number = next(_designs)
        design.issuer_th = f"สำนักงานนวัตกรรมภาครัฐ ฉบับที่ {number}"
        design.issuer_en = f"Government Innovation Lab, edition {number}"
        design.title_th = f"เกียรติบัตร ({number})"
        design.save()
        design.save_revision(user=self.world.staff)
        self.issuer = design.issuer_th
        event("design: edited")

    # Invariants ----------------------------------------------------------------------------

    @invariant()
    def one_valid_certificate_per_enrolment(self):
        assert not (
            Certificate.objects.valid()
            .values("enrollment")
            .annotate(count=Count("pk"))
            .filter(count__gt=1)
            .exists()
        )

    @invariant()
    def every_certificate_is_what_its_history_made_it(self):
        certificates = {
            c.pk: c for c in Certificate.objects.filter(enrollment__cohort=self.world.cohort)
        }
        assert set(certificates) == set(self.status), "a certificate nobody issued appeared"
        for pk, certificate in certificates.items():
            assert certificate.status == self.status[pk], "a certificate changed status by itself"
            printed = {name: getattr(certificate, name) for name in PRINTED}
            expected = {k: v for k, v in self.printed[pk].items() if k != "enrollment_id"}
            assert printed == expected, "what was printed changed after issue"
            assert (certificate.holder_name_th, certificate.holder_name_en) == self.holder[pk]
        # Revoked stays revoked: only a deliberate reissue gives the enrolment a valid one.
        assert not Certificate.objects.valid().filter(enrollment__in=self.barred).exists()

    @invariant()
    def stored_pdfs_match_their_hash(self):
        storage = certificate_storage()
        for certificate in Certificate.objects.filter(enrollment__cohort=self.world.cohort):
            with storage.open(certificate.pdf.name, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
            assert digest == certificate.sha256, f"{certificate.serial}: the PDF is not its hash"

    @invariant()
    def the_public_verification_agrees_with_the_database(self):
        erased_names = [name for names in self.erased.values() for name in names if name]
        for certificate in Certificate.objects.filter(
            enrollment__cohort=self.world.cohort
        ).select_related("superseded_by", "enrollment"):
            data = self.client.get(f"/verify/{certificate.serial}.json").json()
            assert data["status"] == certificate.status
            assert data["holder"] == {
                "th": certificate.holder_name_th,
                "en": certificate.holder_name_en,
            }
            assert data["issuer"]["th"] == certificate.issuer_th
            assert data["sha256"] == certificate.sha256
            assert (data["superseded_by"] is None) == (certificate.superseded_by is None)
            page = self.client.get(f"/verify/{certificate.serial}/")
            assert page.status_code == 200
            html = page.content.decode()
            assert f"status-{certificate.status}" in html
            assert escape(certificate.holder_name_th) in html
            if certificate.enrollment.learner_id in self.erased:
                for name in erased_names:
                    assert name not in html, "an erased name is still on the page"
                    assert name not in str(data), "an erased name is still in the JSON"


@pytest.fixture
def world():
    course = make_bilingual_course(en_title="Public Service Design", duration_hours=30)
    cohort = make_cohort(course=course)
    enrolments = {}
    for who, (title_th, first_th, last_th, title_en, first_en, last_en) in LEARNERS.items():
        learner = make_learner(
            title_th=title_th,
            first_name_th=first_th,
            last_name_th=last_th,
            title_en=title_en,
            first_name=first_en,
            last_name=last_en,
        )
        status = Enrollment.Status.ENROLLED if who == NOT_COMPLETED else None
        enrolments[who] = make_enrollment(
            cohort=cohort, learner=learner, **({"status": status} if status else {})
        )
    design = CertificateTemplate.get_default()
    design.issuer_th, design.issuer_en = "สำนักงาน ก.พ.ร.", "OPDC"
    design.save()
    return World(cohort=cohort, enrolments=enrolments, staff=make_opdc_staff())


@pytest.mark.django_db
def test_certificates_keep_their_invariants_whatever_staff_and_learners_do(world, settings):
    # The machine reads the public pages hundreds of times; their per-IP limit is tested in
    # tests/certificates/test_rate_limit.py.
    settings.RATELIMIT_ENABLE = False
    run_state_machine_as_test(
        lambda: CertificateMachine(world),
        settings=hypothesis_settings(max_examples=20, stateful_step_count=20),
    )
