from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Ambassador


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={"invalid": _("Enter a valid email address, e.g. prenom@exemple.fr.")},
    )


class ConsentForm(forms.Form):
    attribution = forms.TypedChoiceField(
        label=_("May Relais count the clicks on your personal links?"),
        choices=[
            ("yes", _("Yes: count the clicks on my links, so I can see my impact")),
            ("no", _("No: my links still work, but I am not attributed any click")),
        ],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Please choose one answer.")},
    )
    leaderboard_opt_in = forms.BooleanField(
        label=_("Show my name on the leaderboards (otherwise: “Anonymous ambassador”)"),
        required=False,
    )


class ProfileForm(forms.ModelForm):
    attribution = forms.BooleanField(
        label=_("Count the clicks on my personal links"), required=False
    )

    class Meta:
        model = Ambassador
        fields = ["display_name", "commune", "preferred_language", "leaderboard_opt_in"]
