import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString

from campaigns.meta import story_preview_meta

register = template.Library()

# The characters that could close the <script> element or open a comment inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("campaigns/includes/story_meta.html")
def story_meta(story) -> dict:
    meta = story_preview_meta(story)
    return {
        "title": meta.title,
        "description": meta.description,
        "url": meta.url,
        "image": meta.image,
        "locale": meta.locale,
        "site_name": meta.site_name,
    }


@register.filter
def json_ld(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> body: '<', '>' and '&' are escaped, so a
    title containing '</script>' cannot end the element early."""
    return SafeString(json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES))
