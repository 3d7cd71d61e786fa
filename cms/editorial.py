"""The editorial workflow: trainers write pages, OPDC staff approve and publish them.

`setup_opdc_approval(apps)` takes an app registry so the data migration (historical models) and
the demo loader (`django.apps.apps`) run the same code; it is idempotent. It creates the workflow
"การอนุมัติโดย ก.พ.ร. / OPDC approval" with one group-approval task for "OPDC staff", assigns it
to every home page (Thai and English), and gives page permissions under those home pages:
Trainers may add and change pages (not publish); OPDC staff may add, change and publish. OPDC
staff may also edit the cms reference data (snippets).
"""

WORKFLOW_NAME = "การอนุมัติโดย ก.พ.ร. / OPDC approval"
TASK_NAME = "ก.พ.ร. ตรวจและอนุมัติ / OPDC review"
TRAINERS = "Trainers"
OPDC_STAFF = "OPDC staff"
PAGE_PERMISSIONS = {
    TRAINERS: ["add_page", "change_page"],
    OPDC_STAFF: ["add_page", "change_page", "publish_page"],
}
REFERENCE_MODELS = ["ministry", "agency", "partnerorganisation", "theme", "province"]
# Images and documents in the root collection: trainers upload the hero images, module images
# and handouts of the pages they write (and edit their own uploads); OPDC staff manage all.
MEDIA_PERMISSIONS = {
    TRAINERS: ["add", "choose"],
    OPDC_STAFF: ["add", "change", "delete", "choose"],
}


def setup_opdc_approval(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    trainers, _ = Group.objects.get_or_create(name=TRAINERS)
    opdc, _ = Group.objects.get_or_create(name=OPDC_STAFF)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=task_type)
    task.groups.add(opdc)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    home_type = ContentType.objects.filter(app_label="cms", model="homepage").first()
    homes = Page.objects.filter(content_type=home_type) if home_type else Page.objects.none()
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        for group in (trainers, opdc):
            for codename in PAGE_PERMISSIONS[group.name]:
                permission, _ = Permission.objects.get_or_create(
                    content_type=page_type, codename=codename, defaults={"name": codename}
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )

    for model in REFERENCE_MODELS:
        model_type, _ = ContentType.objects.get_or_create(app_label="cms", model=model)
        for action in ("add", "change", "delete"):
            permission, _ = Permission.objects.get_or_create(
                content_type=model_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            opdc.permissions.add(permission)


def grant_media_permissions(apps) -> None:
    """Collection permissions on images and documents (MEDIA_PERMISSIONS); idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for group_name, actions in MEDIA_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )


def publish_scheduled() -> None:
    """Wagtail's scheduled publishing, as its `publish_scheduled` command does it: revisions
    approved to go live at a time now past are published, and live pages (and snippets) whose
    expiry is past are unpublished. Run every minute by the beat (`cms.tasks`).

    Safe to run again at any time or to stop halfway: each object published or unpublished
    is no longer selected by the next run, so a missed run is caught up by the next one."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


def submit_draft_modules(course, user) -> list:
    """Submit, with `course`, each of its modules that has changes waiting and is not yet in a
    workflow: a trainer submits a course once, not the course and then each new module.

    Only modules `user` may edit; returns the modules submitted."""
    from cms.models import ModulePage

    submitted = []
    for module in ModulePage.objects.child_of(course).specific():
        if module.live and not module.has_unpublished_changes:
            continue
        if module.workflow_in_progress or not module.permissions_for_user(user).can_edit():
            continue
        workflow = module.get_workflow()
        if workflow is None:
            continue
        if module.latest_revision is None:
            module.save_revision(user=user)
        workflow.start(module, user)
        submitted.append(module)
    return submitted


def approve_modules_with_their_course(sender, instance, user=None, **kwargs) -> list:
    """When a course's approval finishes, approve the modules that wait in the same review: the
    reviewer approves the course once, as the trainer submitted it once (`submit_draft_modules`).

    Connected to Wagtail's `workflow_approved` (cms/apps.py). Only modules whose current task
    the approver may approve themselves; each is approved in their name, with a comment saying
    why, so the module's history reads as if they had approved it by hand. Returns them."""
    from cms.models import CoursePage, ModulePage

    course = getattr(instance.content_object, "specific", None)
    if user is None or not isinstance(course, CoursePage):
        return []
    approved = []
    for module in ModulePage.objects.child_of(course).specific():
        task_state = module.current_workflow_task_state
        if task_state is None:
            continue
        task_state = task_state.specific
        actions = [action[0] for action in task_state.task.specific.get_actions(module, user)]
        if "approve" not in actions:
            continue
        task_state.task.specific.on_action(
            task_state, user, "approve", comment=_approved_with(course)
        )
        approved.append(module)
    return approved


def _approved_with(course) -> str:
    from django.utils.translation import gettext

    return gettext("Approved with its course, %(course)s.") % {"course": course.title}
