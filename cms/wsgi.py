import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

from sharekits.fastpath import ShortLinkFastPath  # noqa: E402 - needs Django set up first

# Warm short links are answered before Django's middleware; everything else is Django.
application = ShortLinkFastPath(django_application)
