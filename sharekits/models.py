"""Share kits: per-network variants of a story, with captions and sized images."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.fields import PlainTextAreaField
from sharekits.periods import Period


class ShareKit(models.Model):
    """Everything ambassadors need to share one story. Built by Celery when it is published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    story = models.OneToOneField(
        "campaigns.StoryPage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="share_kit",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("reason of the failure"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Link-preview data frozen at build time: platforms cache it for days.
    og_title = models.CharField(_("preview title"), max_length=255, blank=True)
    og_description = models.TextField(_("preview description"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("share kit")
        verbose_name_plural = _("share kits")

    def __str__(self) -> str:
        return str(_("Share kit of “%(story)s”") % {"story": self.story.title})


def kit_image_path(instance: "KitImage", filename: str) -> str:
    return f"sharekits/{instance.kit.story_id}/{filename}"


class KitImage(models.Model):
    """One image of a kit in one format (1200×630, 1080×1080…), with and without the job card."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="images")
    format = models.CharField(_("format"), max_length=20)
    image = models.ImageField(_("image"), upload_to=kit_image_path)
    card_image = models.ImageField(
        _("image with the job card"), upload_to=kit_image_path, blank=True
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("alternative text"), max_length=255, blank=True)
    source_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kit", "format"], name="kitimage_one_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.format} {self.width}×{self.height}"


class KitVariant(models.Model):
    """A story's kit for one network: caption (with a {link} placeholder) and image format."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="variants")
    network = models.CharField(_("network"), max_length=20)
    caption = models.TextField(_("caption"), blank=True)
    caption_override = PlainTextAreaField(
        _("caption written by a communicator"),
        blank=True,
        help_text=_("Keep {link} where the personal link goes, and the disclosure tag."),
    )
    caption_locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("A locked caption is kept when the story is published again."),
    )
    image_format = models.CharField(_("image format"), max_length=20, blank=True)
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_("Off when the campaign no longer targets this network; links keep working."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("kit variant")
        constraints = [
            models.UniqueConstraint(fields=["kit", "network"], name="kitvariant_one_per_network")
        ]

    def __str__(self) -> str:
        return self.network

    @property
    def effective_caption(self) -> str:
        return self.caption_override or self.caption


class ClickTally(models.Model):
    """Clicks on one personal link (ambassador × variant) during one day, by kind.

    Only `human_clicks` (people) scores. Suspects are first visits past the cap of people per
    network address (`clicks.tallies`), previews are link-preview fetchers, bots the rest.
    """

    ambassador = models.ForeignKey(
        "campaigns.Ambassador", on_delete=models.CASCADE, related_name="click_tallies"
    )
    # PROTECT: a story with clicks is archived, never deleted with them (kits/history.py).
    variant = models.ForeignKey(KitVariant, on_delete=models.PROTECT, related_name="tallies")
    day = models.DateField()
    human_clicks = models.PositiveIntegerField(default=0)
    repeat_clicks = models.PositiveIntegerField(default=0)
    self_clicks = models.PositiveIntegerField(default=0)
    bot_fetches = models.PositiveIntegerField(default=0)
    suspect_clicks = models.PositiveIntegerField(default=0)
    preview_fetches = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("click tally")
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "variant", "day"], name="clicktally_one_per_link_day"
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.ambassador_id}:{self.variant_id} {self.day}"


class AmbassadorTally(models.Model):
    """Rollups the leaderboards read: an ambassador's clicks per week, month, campaign, ever.

    `scope` is "week", "month", "campaign" or "all"; `key` is "2026-W48", "2026-11", the
    campaign id or "all". `bot_fetches` counts bots and previews together; suspects are not
    rolled up (they never score).
    """

    ambassador = models.ForeignKey(
        "campaigns.Ambassador", on_delete=models.CASCADE, related_name="tallies"
    )
    scope = models.CharField(_("period"), max_length=10, choices=Period.choices)
    key = models.CharField(max_length=20)
    human_clicks = models.PositiveIntegerField(default=0)
    repeat_clicks = models.PositiveIntegerField(default=0)
    self_clicks = models.PositiveIntegerField(default=0)
    bot_fetches = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    # human_clicks + RELAIS_SHARE_WEIGHT × shares, kept up to date by every write.
    score = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "scope", "key"], name="ambassadortally_unique"
            )
        ]
        indexes = [
            # Top-N and "how many are ahead of me" read only this index (INCLUDE: PostgreSQL).
            models.Index(
                fields=["scope", "key", "-score"],
                include=["ambassador_id"],
                name="ambassadortally_board",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ambassador_id} {self.scope} {self.key}"


class DrainCursor(models.Model):
    """How far a click source (the Redis stream, a spool file) has been applied.

    Saved in the same transaction as the tallies it produced: that is what makes the drain
    exactly-once whatever crashes or runs twice.
    """

    source = models.CharField(max_length=200, unique=True)
    position = models.CharField(max_length=64, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.source} @ {self.position}"


class SeenVisitor(models.Model):
    """A keyed hash (IP + user agent + link, daily secret) first seen at a time, for 24 h.

    Lets the drain tell first visits from repeats. The secret is deleted after 48 h, so the
    hashes cannot be tied back to anyone; rows are purged after 48 h too. `digest` holds the
    hash's first 60 bits as an integer (`clicks.visitors.digest_key`): as the primary key it is
    the table's only random index, half the cost of a 32-character key with its own id.
    """

    digest = models.BigIntegerField(primary_key=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.digest:015x}"


class SeenAddress(models.Model):
    """How many people one network address brought to one link on one day (keyed hash).

    `address` is the first 60 bits of an HMAC of the IP (or IPv6 /64) + link with the daily
    secret of `clicks.visitors`: it cannot be tied back to an address once the secret is gone,
    and the retention task deletes rows after 48 h. The drain caps `people` at
    RELAIS_PEOPLE_PER_ADDRESS; the first visits past it count as suspects.
    """

    address = models.BigIntegerField(primary_key=True)
    people = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.address:015x}: {self.people}"


class Share(models.Model):
    """An ambassador pressed a share button (reported by the portal, distinct from clicks)."""

    class Method(models.TextChoices):
        INTENT = "intent", _("Network button")
        NATIVE = "native", _("Phone share sheet")
        COPY = "copy", _("Copied caption")
        DOWNLOAD = "download", _("Downloaded image")

    ambassador = models.ForeignKey(
        "campaigns.Ambassador", on_delete=models.CASCADE, related_name="shares"
    )
    variant = models.ForeignKey(KitVariant, on_delete=models.PROTECT, related_name="shares")
    method = models.CharField(max_length=10, choices=Method.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self) -> str:
        return f"{self.ambassador_id} → {self.variant_id} ({self.method})"
