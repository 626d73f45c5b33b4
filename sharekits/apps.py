from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharekitsConfig(AppConfig):
    name = "sharekits"
    verbose_name = _("Share kits")

    def ready(self) -> None:
        from campaigns.models import StoryPage
        from sharekits.kits import panels, signals
        from sharekits.tasks import build_kit_task

        signals.connect(enqueue_build=build_kit_task.delay_on_commit)
        panels.add_share_kit_tab(page_model=StoryPage)
