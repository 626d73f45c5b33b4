"""The ambassadors' read-only JSON API (django-ninja), mounted at /api/.

- `security`: who may call it (the portal's session: an active ambassador who answered the
  consent question), and the API class whose every answer says `Cache-Control: no-store`.
- `schemas`: what it answers, field by field; the OpenAPI docs at /api/docs are built from them.
- `endpoints`: the API object and its endpoints (the leaderboard, my kits, my stats). Each one
  calls a read of `sharekits`, the same as the portal's page, and maps it to a schema.

Every absolute URL it returns starts with SITE_URL (never the host of Wagtail's Site record).
Leaderboard lines never carry the name of an ambassador who did not opt in, nor any id.
"""

from .endpoints import api

__all__ = ["api"]
