from django import template

from sharekits.models import ShareKit

register = template.Library()


@register.simple_tag
def story_kit(page):
    """The share kit of a story page, or None."""
    return ShareKit.objects.filter(story_id=page.pk).first() if page and page.pk else None
