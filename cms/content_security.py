"""Content-Security-Policy: strict on the site and the portal, looser where the admin needs it.

django-csp (settings.CONTENT_SECURITY_POLICY) sets the site's policy. Wagtail's admin still has
inline scripts (inline panels, date pickers) and inline styles, so its pages get
settings.RELAIS_ADMIN_CONTENT_SECURITY_POLICY instead (README, Running in production).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIXES = ("/admin/",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under /admin/."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = settings.RELAIS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
