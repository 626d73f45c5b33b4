"""Model fields whose values are sanitised with bleach before they are stored."""

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
