import re

from django.urls import re_path

from sharekits.links import views
from sharekits.links.short import SHORT_PATH

app_name = "sharekits"
urlpatterns = [
    # Everything under SHORT_PATH is ours, so that malformed links get a 404, not a redirect.
    re_path(
        rf"^{re.escape(SHORT_PATH.lstrip('/'))}(?P<token>.*)$",
        views.short_link_redirect,
        name="short_link",
    ),
]
