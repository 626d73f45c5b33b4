import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

django_application = get_wsgi_application()

from sharekits.links.fastpath import ShortLinkFastPath  # noqa: E402 - needs Django set up first

# Warm short links are answered before Django's middleware; everything else is Django.
application = ShortLinkFastPath(django_application)

# Everything loaded so far lives as long as the worker: move it out of the cyclic collector's
# sight. Without this, a fresh worker's first full collections walk ~160,000 objects with the
# GIL held and stall the requests in flight by 80-200 ms (bench/RESULTS.md, the redirect).
gc.freeze()
