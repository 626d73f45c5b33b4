"""Admin registration of ambassadors, groups and campaigns (the site layer glues the apps)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from campaigns.models import Ambassador, AmbassadorGroup, Campaign
from sharekits.kits.networks import NETWORKS, network_choices


class CampaignForm(WagtailAdminModelForm):
    enabled_networks = forms.MultipleChoiceField(
        label=_("Enabled networks"),
        choices=network_choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Choose at least one network.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("enabled_networks"):
            self.initial["enabled_networks"] = list(NETWORKS)


class AmbassadorViewSet(SnippetViewSet):
    model = Ambassador
    icon = "user"
    menu_label = _("Ambassadors")
    list_display = ["display_name", "email", "commune", "organisation", "is_active"]
    list_filter = ["groups", "is_active", "leaderboard_opt_in", "preferred_language"]
    search_fields = ["display_name", "email", "commune", "organisation"]
    list_per_page = 50


class AmbassadorGroupViewSet(SnippetViewSet):
    model = AmbassadorGroup
    icon = "group"
    menu_label = _("Ambassador groups")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "tasks"
    menu_label = _("Campaigns")
    list_display = ["name", "slug", "starts_on", "ends_on"]
    list_filter = ["groups"]
    search_fields = ["name", "goal"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("goal"),
            FieldRowPanel([FieldPanel("hashtags"), FieldPanel("disclosure_tag")]),
            FieldPanel("enabled_networks"),
            FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=CampaignForm,
    )


class AmbassadorsGroup(SnippetViewSetGroup):
    items = (CampaignViewSet, AmbassadorViewSet, AmbassadorGroupViewSet)
    menu_icon = "group"
    menu_label = _("Ambassadors")
    menu_name = "relais"


register_snippet(AmbassadorsGroup)
