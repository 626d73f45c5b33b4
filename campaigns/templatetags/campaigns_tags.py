from django import template

from campaigns.meta import story_preview_meta

register = template.Library()


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
