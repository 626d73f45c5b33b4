from django.urls import re_path

from .views import naive_redirect

urlpatterns = [re_path(r"^s/(?P<token>.*)$", naive_redirect)]
