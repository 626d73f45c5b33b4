from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_request, name="login"),
    path("auth/", views.login_with_link, name="auth"),
    path("logout/", views.logout_view, name="logout"),
    path("welcome/", views.welcome, name="welcome"),
    path("share/", views.record_share, name="share"),
    path("stats/", views.stats, name="stats"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/erase/", views.erase_data, name="erase"),
]
