from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharekitsConfig(AppConfig):
    name = "sharekits"
    verbose_name = _("Share kits")

    def ready(self) -> None:
        from sharekits.kits import signals

        signals.connect()
