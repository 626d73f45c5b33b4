from django.urls import re_path

from sharekits.links import views

app_name = "sharekits"
urlpatterns = [
    # Everything under /s/ is ours, so that malformed links get a 404 rather than a redirect.
    re_path(r"^s/(?P<token>.*)$", views.short_link_redirect, name="short_link"),
]
