"""factory_boy factories for Relais models (no fixture files)."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from campaigns.models import Ambassador, AmbassadorGroup, Campaign, StoryIndexPage, StoryPage
from sharekits.kits.networks import NETWORKS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@relais.test")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class AmbassadorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmbassadorGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador

    display_name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"ambassadeur{n}@exemple.fr")
    commune = "Laval"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Campagne {n}")
    slug = factory.Sequence(lambda n: f"campagne-{n}")
    hashtags = "#Laval #emploi"
    disclosure_tag = "#ambassadeur"
    enabled_networks = factory.LazyFunction(lambda: list(NETWORKS))


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"photo-{n}")
    description = "Des techniciens devant le nouveau four de la fonderie"
    file = factory.django.ImageField(width=1600, height=1000, color="navy")

    class Params:
        # A small focal point off-centre, as communicators set it (and as the demo seed does).
        with_focal_point = factory.Trait(
            focal_point_x=800, focal_point_y=640, focal_point_width=500, focal_point_height=300
        )


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StoryIndexPage

    title = "Bonnes nouvelles"
    slug = "bonnes-nouvelles"


class StoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StoryPage

    title = factory.Sequence(lambda n: f"La Fonderie recrute {n + 2} techniciens")
    slug = factory.Sequence(lambda n: f"histoire-{n}")
    summary = "Une usine investit et embauche des techniciens formés sur place."
    campaign = factory.SubFactory(CampaignFactory)
    employer = "Fonderie de Laval"
    sector = "Métallurgie"
    place = "Laval"
    contract_type = "cdi"
    job_count = 12
    apply_url = "https://emploi.example.org/offre/42"
    hashtags = "#industrie"
