from django.conf import settings


def site(request) -> dict:
    """Site-wide values for templates."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "SITE_URL": settings.SITE_URL}
