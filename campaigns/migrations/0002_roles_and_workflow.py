"""Create the Communicators and Moderators groups and put stories under the approval workflow.

Communicators write stories and submit them for review; Moderators approve and publish.
Both manage campaigns and ambassadors.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMON = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("campaigns", "add_campaign"),
    ("campaigns", "change_campaign"),
    ("campaigns", "view_campaign"),
    ("campaigns", "add_ambassador"),
    ("campaigns", "change_ambassador"),
    ("campaigns", "view_ambassador"),
    ("campaigns", "add_ambassadorgroup"),
    ("campaigns", "change_ambassadorgroup"),
    ("campaigns", "view_ambassadorgroup"),
]
MODERATOR_EXTRA = [
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
    ("campaigns", "delete_campaign"),
    ("campaigns", "delete_ambassador"),
    ("campaigns", "delete_ambassadorgroup"),
]
PAGE_PERMISSIONS = {
    "Communicators": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
WORKFLOW_NAME = "Moderators approval"


def create_roles(apps, schema_editor):
    # Model permissions are normally created after all migrations; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    Task = apps.get_model("wagtailcore.Task")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    communicators, _ = Group.objects.get_or_create(name="Communicators")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    communicators.permissions.add(*[perm(a, c) for a, c in COMMON])
    moderators.permissions.add(*[perm(a, c) for a, c in COMMON + MODERATOR_EXTRA])

    root = Page.objects.get(depth=1)
    for group in (communicators, moderators):
        for codename in PAGE_PERMISSIONS[group.name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=perm("wagtailcore", codename)
            )

    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task_ct, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, active=True, content_type=task_ct
        )
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=Task.objects.get(pk=task.pk), defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
