from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns and ambassadors")

    def ready(self) -> None:
        from .fields import sanitize_before_save

        pre_save.connect(sanitize_before_save, dispatch_uid="campaigns.sanitize_before_save")
