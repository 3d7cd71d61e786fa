import re

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.editorial import WORKFLOW_NAME, setup_opdc_approval
from cms.models import CoursePage
from tests.factories import make_course_index, make_learner, make_opdc_staff, make_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_index():
    index = make_course_index()
    setup_opdc_approval(apps)  # the factory's home page is newer than the data migration
    return index


def _draft_course(index, author) -> CoursePage:
    course = CoursePage(title="หลักสูตรใหม่", slug="new-course", summary="ร่าง", live=False)
    index.add_child(instance=course)
    course.save_revision(user=author)
    return course


def test_home_pages_use_the_opdc_approval_workflow(course_index):
    home = course_index.get_parent()
    assert home.get_workflow().name == WORKFLOW_NAME
    assert course_index.get_workflow().name == WORKFLOW_NAME


def test_trainers_may_add_and_change_pages_but_only_opdc_staff_publish(course_index):
    alice, bob, charlie = make_opdc_staff(), make_trainer(), make_learner()
    alice_perms = course_index.permissions_for_user(alice)
    bob_perms = course_index.permissions_for_user(bob)
    charlie_perms = course_index.permissions_for_user(charlie)

    assert alice_perms.can_add_subpage() and alice_perms.can_publish()
    assert bob_perms.can_add_subpage() and bob_perms.can_edit()
    assert not bob_perms.can_publish()
    assert not charlie_perms.can_add_subpage() and not charlie_perms.can_edit()


def test_a_trainers_submission_stays_unpublished_until_opdc_staff_approve(course_index):
    alice, bob = make_opdc_staff(), make_trainer()
    course = _draft_course(course_index, bob)

    workflow_state = course.get_workflow().start(course, bob)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    course.refresh_from_db()
    assert not course.live
    assert workflow_state.status == "in_progress"

    assert task.get_actions(course, bob) == []  # the trainer cannot approve their own work
    assert "approve" in [action[0] for action in task.get_actions(course, alice)]

    task.on_action(task_state, alice, "approve")
    course.refresh_from_db()
    workflow_state.refresh_from_db()
    assert course.live
    assert workflow_state.status == "approved"


def test_opdc_staff_can_reject_a_submission_which_stays_unpublished(course_index):
    alice, bob = make_opdc_staff(), make_trainer()
    course = _draft_course(course_index, bob)
    workflow_state = course.get_workflow().start(course, bob)
    task_state = workflow_state.current_task_state

    task_state.task.specific.on_action(task_state, alice, "reject")
    workflow_state.refresh_from_db()
    assert workflow_state.status == "needs_changes"
    assert not Page.objects.get(pk=course.pk).live


def test_setting_up_the_workflow_twice_changes_nothing(course_index):
    from wagtail.models import GroupPagePermission, Workflow

    setup_opdc_approval(apps)
    before = GroupPagePermission.objects.count()
    setup_opdc_approval(apps)
    assert GroupPagePermission.objects.count() == before
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_submitting_a_course_submits_its_new_modules_with_it(client, course_index):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    from cms.models import ModulePage

    trainer = make_trainer()
    course = _draft_course(course_index, trainer)
    draft = ModulePage(title="โมดูลใหม่", slug="new-module", live=False)
    course.add_child(instance=draft)
    draft.save_revision(user=trainer)
    client.force_login(trainer)
    data = nested_form_data(
        {
            "title": "หลักสูตรใหม่",
            "slug": "new-course",
            "summary": "ร่าง",
            "learning_outcomes": rich_text("<p>ผล</p>"),
            "duration_hours": 6,
            "delivery_mode": "onsite",
            "level": "intro",
            "teaching_language": "th",
        }
    )
    data["action-submit"] = "Submit"

    response = client.post(f"/admin/pages/{course.pk}/edit/", data, follow=True)

    assert response.status_code == 200
    draft.refresh_from_db()
    course.refresh_from_db()
    assert course.workflow_in_progress
    assert draft.workflow_in_progress
    assert not draft.live  # still waiting for OPDC staff
    shown = [str(message) for message in response.context["messages"]]
    assert any("โมดูลใหม่" in message for message in shown)


def test_approving_a_course_approves_and_publishes_the_modules_submitted_with_it(course_index):
    from cms.editorial import submit_draft_modules
    from cms.models import ModulePage

    opdc, trainer = make_opdc_staff(), make_trainer()
    course = _draft_course(course_index, trainer)
    modules = []
    for number in (1, 2):
        module = ModulePage(title=f"โมดูลที่ {number}", slug=f"module-{number}", live=False)
        course.add_child(instance=module)
        module.save_revision(user=trainer)
        modules.append(module)
    workflow_state = course.get_workflow().start(course, trainer)
    assert submit_draft_modules(course, trainer) == modules

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, opdc, "approve")

    for module in modules:
        module.refresh_from_db()
        assert module.live and not module.workflow_in_progress
        state = module.workflow_states.get()
        assert state.status == "approved"
        decision = state.task_states.get()
        assert decision.finished_by == opdc
        assert "หลักสูตรใหม่" in decision.comment


def test_rejecting_a_course_leaves_its_modules_waiting_for_their_own_decision(course_index):
    from cms.editorial import submit_draft_modules
    from cms.models import ModulePage

    opdc, trainer = make_opdc_staff(), make_trainer()
    course = _draft_course(course_index, trainer)
    module = ModulePage(title="โมดูลใหม่", slug="new-module", live=False)
    course.add_child(instance=module)
    module.save_revision(user=trainer)
    workflow_state = course.get_workflow().start(course, trainer)
    submit_draft_modules(course, trainer)

    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, opdc, "reject")

    module.refresh_from_db()
    assert not module.live and module.workflow_in_progress


@pytest.mark.parametrize(
    "language, button", [("th", "ส่งให้ ก.พ.ร. อนุมัติ"), ("en", "Submit for OPDC approval")]
)
def test_the_submit_button_speaks_the_editors_language_only(client, course_index, language, button):
    from tests.courses.test_admin_dates import admin_in

    trainer = make_trainer()
    course = _draft_course(course_index, trainer)
    admin_in(client, trainer, language)

    page = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    submit = re.search(r'<button[^>]*name="action-submit"[^>]*>(.*?)</button>', page, re.S)
    label = " ".join(re.sub(r"<[^>]+>", " ", submit.group(1)).split())
    assert label == button
