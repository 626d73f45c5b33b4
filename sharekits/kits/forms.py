from django import forms
from django.utils.translation import gettext_lazy as _

from sharekits.kits.networks import NETWORKS
from sharekits.kits.overrides import clean_caption, validate_caption
from sharekits.links.short import short_link_length
from sharekits.models import KitVariant


class VariantCaptionForm(forms.ModelForm):
    """A communicator's own caption for one network, checked against that network's limit."""

    class Meta:
        model = KitVariant
        fields = ["caption_override", "caption_locked"]
        widgets = {"caption_override": forms.Textarea(attrs={"rows": 8})}
        labels = {"caption_override": _("Caption")}

    def clean_caption_override(self) -> str:
        text = clean_caption(self.cleaned_data.get("caption_override", ""))
        if text:
            campaign = self.instance.kit.story.campaign
            validate_caption(
                network=NETWORKS[self.instance.network],
                text=text,
                link_length=short_link_length(),
                disclosure_tag=campaign.disclosure_tag if campaign else None,
            )
        return text
