"""Model fields whose values are sanitised with bleach before they are stored.

Our own models declare it with their field classes (`PlainTextField`...). Other apps' models
that people type into through the Wagtail admin (page titles and promote fields, image and
document titles, tags, names) are listed in OTHER_APPS_TEXT_FIELDS and sanitised before every
save by a `pre_save` receiver (`sanitize_other_apps_fields`, connected in apps.py).
"""

from functools import cache

from django.apps import apps
from django.db import models

from .text import normalize_hashtags, sanitize_text


class _SanitizedMixin:
    sanitizer = staticmethod(sanitize_text)

    def to_python(self, value):
        value = super().to_python(value)  # type: ignore[misc]
        return self.sanitizer(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)  # type: ignore[attr-defined]
        if isinstance(value, str):
            value = self.sanitizer(value)
            setattr(model_instance, self.attname, value)  # type: ignore[attr-defined]
        return value


class PlainTextField(_SanitizedMixin, models.CharField):
    """A single line of user text, stored without any HTML."""


class PlainTextAreaField(_SanitizedMixin, models.TextField):
    """Several lines of user text, stored without any HTML."""


class HashtagsField(_SanitizedMixin, models.CharField):
    """Space-separated hashtags, normalised to '#tag #other'."""

    sanitizer = staticmethod(normalize_hashtags)


# Fields of other apps' models (and of their subclasses: every page type) that a person types.
OTHER_APPS_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "wagtailcore.Page": ("title", "draft_title", "seo_title", "search_description"),
    "wagtailcore.Site": ("hostname", "site_name"),
    "wagtailcore.Collection": ("name",),
    "wagtailcore.Workflow": ("name",),
    "wagtailcore.Task": ("name",),
    "wagtailcore.TaskState": ("comment",),
    "wagtailcore.Comment": ("text",),
    "wagtailcore.CommentReply": ("text",),
    "wagtailcore.APIToken": ("name",),
    "wagtailimages.Image": ("title", "description"),
    "wagtaildocs.Document": ("title",),
    "taggit.Tag": ("name",),
    "auth.User": ("first_name", "last_name"),
    "auth.Group": ("name",),
}


@cache
def other_apps_fields_of(model: type[models.Model]) -> tuple[str, ...]:
    """The listed text fields of a model class, its parents' included."""
    names: list[str] = []
    for label, fields in OTHER_APPS_TEXT_FIELDS.items():
        if issubclass(model, apps.get_model(label)):
            names.extend(fields)
    return tuple(names)


def sanitize_other_apps_fields(*, instance: models.Model) -> None:
    """Strip the HTML from the listed text fields of an instance of another app's model."""
    for name in other_apps_fields_of(type(instance)):
        value = getattr(instance, name, None)
        if isinstance(value, str):
            setattr(instance, name, sanitize_text(value))


def sanitize_before_save(sender, instance, raw=False, **kwargs) -> None:
    """pre_save receiver: every save of a listed model is sanitised (not fixtures: `raw`)."""
    if not raw:
        sanitize_other_apps_fields(instance=instance)
