"""Every text field of every model a person types into is stored without markup.

The walk below covers every editable CharField and TextField of every installed model, ours and
Wagtail's, Django's and taggit's: each is sanitised on save unless it is listed here with the
reason why it may keep what is written. A new field fails this test until it is sanitised
(campaigns.fields) or listed.
"""

import html

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from wagtail.fields import RichTextField

from campaigns.models import StoryPage
from tests.factories import ImageFactory, StoryPageFactory, UserFactory

UNCLOSED_TAG = "Bonjour <img/src=x onerror=alert(1)"
ENCODED_SCRIPT = "<script>alert(1)</script>Bonjour"
for _ in range(5):
    ENCODED_SCRIPT = html.escape(ENCODED_SCRIPT)

# Kinds of field whose value cannot hold markup, or is not plain text.
VALIDATED_KINDS = (
    models.SlugField,  # letters, digits, '-' and '_' only
    models.URLField,  # a validated URL; stripping would break its '&' query strings
    models.EmailField,  # a validated address
    RichTextField,  # HTML kept on purpose, filtered by Wagtail's own whitelist
)

# Fields stored as written, and why.
STORED_AS_WRITTEN = {
    "auth.User.password": "a password hash",
    "auth.User.username": "validated: letters, digits and @.+-_ only",
    "auth.Permission.name": "written by migrations",
    "auth.Permission.codename": "written by migrations",
    "contenttypes.ContentType.app_label": "written by Django",
    "contenttypes.ContentType.model": "written by Django",
    "sessions.Session.session_key": "machine-made",
    "sessions.Session.session_data": "signed, encoded session data",
    "sharekits.ShareKit.error": "written by the kit builder",
    "sharekits.ShareKit.og_title": "copied from the story's sanitised fields",
    "sharekits.ShareKit.og_description": "copied from the story's sanitised fields",
    "sharekits.KitImage.format": "a key of the network catalogue",
    "sharekits.KitImage.alt": "copied from the story's sanitised fields",
    "sharekits.KitVariant.network": "a key of the network catalogue",
    "sharekits.KitVariant.caption": "built from sanitised fields (the typed override is sanitised)",
    "sharekits.KitVariant.image_format": "a key of the network catalogue",
    "sharekits.AmbassadorTally.key": "written by the drain (a period or a campaign id)",
    "sharekits.DrainCursor.source": "written by the drain",
    "sharekits.DrainCursor.position": "written by the drain",
    "wagtailcore.Page.path": "treebeard's tree path",
    "wagtailcore.Collection.path": "treebeard's tree path",
    "wagtailcore.PageViewRestriction.password": "a page password, never displayed",
    "wagtailcore.CollectionViewRestriction.password": "a collection password, never displayed",
    "wagtailcore.Locale.language_code": "one of WAGTAIL_CONTENT_LANGUAGES",
    "wagtailcore.Revision.object_id": "a primary key",
    "wagtailcore.Revision.object_str": "a copy of the (sanitised) title",
    "wagtailcore.ModelLogEntry.label": "a copy of the (sanitised) title",
    "wagtailcore.ModelLogEntry.action": "an action name from Wagtail's registry",
    "wagtailcore.ModelLogEntry.object_id": "a primary key",
    "wagtailcore.PageLogEntry.label": "a copy of the (sanitised) title",
    "wagtailcore.PageLogEntry.action": "an action name from Wagtail's registry",
    "wagtailcore.WorkflowState.object_id": "a primary key",
    "wagtailcore.Comment.contentpath": "the commented field's path, written by the editor",
    "wagtailcore.Comment.position": "the comment's position, written by the editor",
    "wagtailcore.ReferenceIndex.object_id": "written by Wagtail's reference index",
    "wagtailcore.ReferenceIndex.to_object_id": "written by Wagtail's reference index",
    "wagtailcore.ReferenceIndex.model_path": "written by Wagtail's reference index",
    "wagtailcore.ReferenceIndex.content_path": "written by Wagtail's reference index",
    "wagtailadmin.EditingSession.object_id": "a primary key",
    "wagtailadmin.FormState.data": "the admin form's serialised state, never rendered",
    "wagtailadmin.FormState.object_id": "a primary key",
    "wagtailadmin.FormState.parent_object_id": "a primary key",
    "wagtailimages.Rendition.filter_spec": "written by Wagtail from our filter specs",
    "wagtailusers.UserProfile.preferred_language": "one of the admin's languages",
    "wagtailusers.UserProfile.current_time_zone": "one of the time zones",
    "wagtailredirects.Redirect.old_path": "a path, normalised by Wagtail",
    "wagtailredirects.Redirect.redirect_page_route_path": "a route path",
    "wagtailembeds.Embed.url": "the embedded URL",
    "wagtailembeds.Embed.hash": "a hash of the URL",
    "wagtailembeds.Embed.html": "the oEmbed provider's embed markup, kept on purpose",
    "wagtailembeds.Embed.title": "from the oEmbed provider, not typed here",
    "wagtailembeds.Embed.author_name": "from the oEmbed provider, not typed here",
    "wagtailembeds.Embed.provider_name": "from the oEmbed provider, not typed here",
    "wagtailembeds.Embed.thumbnail_url": "from the oEmbed provider, not typed here",
}


# Whole apps stored as written, and why.
APPS_STORED_AS_WRITTEN = {
    "wagtailsearch": "the search index: copies of indexed (sanitised) fields, written by Wagtail, "
    "never rendered; its columns differ between PostgreSQL and SQLite",
}


def text_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every editable text field of every installed model, on the model that declares it."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.model is model
        and field.editable
        and isinstance(field, models.CharField | models.TextField)
    ]


def name_of(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def must_be_sanitised(model, field) -> bool:
    return not (
        field.choices
        or isinstance(field, VALIDATED_KINDS)
        or name_of(model, field) in STORED_AS_WRITTEN
        or model._meta.app_label in APPS_STORED_AS_WRITTEN
    )


def stored_value(model, field, text: str) -> str:
    """What `save()` would write for `text` in that field: pre_save signal, then the field's."""
    instance = model()
    setattr(instance, field.attname, text)
    pre_save.send(sender=model, instance=instance, raw=False, using="default", update_fields=None)
    return field.pre_save(instance, add=True)


def test_every_text_field_a_person_types_into_is_sanitised_on_save(db):
    unsanitised = []
    for model, field in text_fields():
        if not must_be_sanitised(model, field):
            continue
        for payload in (UNCLOSED_TAG, ENCODED_SCRIPT):
            stored = stored_value(model, field, payload)
            if "<" in stored or "&" in stored or "onerror" in stored:
                unsanitised.append(f"{name_of(model, field)}: {stored!r}")

    assert unsanitised == [], "stored with markup (sanitise it, or list it with a reason)"


def test_the_list_of_fields_stored_as_written_names_only_real_fields():
    walked = {name_of(model, field) for model, field in text_fields()}

    assert set(STORED_AS_WRITTEN) - walked == set()
    assert set(APPS_STORED_AS_WRITTEN) <= {config.label for config in apps.get_app_configs()}


def test_page_promote_fields_are_stored_without_markup(story_index):
    story = StoryPageFactory(
        parent=story_index,
        title=UNCLOSED_TAG,
        seo_title=ENCODED_SCRIPT,
        search_description="R&D <b onmouseover=alert(1)>5 < 6</b> <img/src=x onerror=alert(1)",
    )
    story.save_revision().publish()

    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == "Bonjour"
    assert story.draft_title == "Bonjour"
    assert story.seo_title == "alert(1)Bonjour"
    assert story.search_description == "R&D 5 < 6"


def test_image_titles_and_people_names_are_stored_without_markup(db):
    image = ImageFactory(title=UNCLOSED_TAG, description=ENCODED_SCRIPT)
    user = UserFactory(first_name=UNCLOSED_TAG, last_name="l'Équipe & <i>co</i>")

    image.refresh_from_db()
    user.refresh_from_db()
    assert (image.title, image.description) == ("Bonjour", "alert(1)Bonjour")
    assert (user.first_name, user.last_name) == ("Bonjour", "l'Équipe & co")


@pytest.mark.parametrize("text", ["R&D", "5 < 6", "l'équipe", "« Salut » ! 🎉"])
def test_sanitising_on_save_keeps_legitimate_text(story_index, text):
    story = StoryPageFactory(parent=story_index, title=text, seo_title=text)

    story = StoryPage.objects.get(pk=story.pk)
    assert (story.title, story.seo_title) == (text, text)
