"""The citizens' lottery of a process: set-up, register extracts, letters, registrations,
panel draws and the invitee list that the event reads.

Personal data lives in three places, each deleted when no longer needed: the register
files on disk (deleted with ``Lottery.register_deleted_at``), the address fields of
``Letter`` (emptied at the same moment) and ``Registration`` (non-selected people are
deleted after the event unless they asked to be kept informed).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SEXES = (("female", _("female")), ("male", _("male")), ("diverse", _("diverse")))
CATEGORY_LABELS = {
    "register": _("municipality"),
    "age_band": _("age band"),
    "sex": _("sex"),
}


# Languages a letter block and the registration page can be offered in, by their own
# names. Right-to-left scripts are shaped and reordered for the PDF (see ``rtl``).
LANGUAGES = (
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("pl", "Polski"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("hr", "Hrvatski"),
    ("sr", "Srpski"),
    ("sq", "Shqip"),
    ("el", "Ελληνικά"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("fr", "Français"),
    ("fa", "فارسی"),
    ("ku", "Kurdî"),
    ("vi", "Tiếng Việt"),
    ("he", "עברית"),
)
LANGUAGE_NAMES = dict(LANGUAGES)


class Step(models.TextChoices):
    SETUP = "setup", _("Set-up")
    REGISTER = "register", _("Register extract")
    DRAW = "draw", _("Invitation draw")
    LETTERS = "letters", _("Letters")
    REGISTRATION = "registration", _("Registration")
    POOL = "pool", _("Pool")
    SELECTION = "selection", _("Panel selection")
    CONFIRMATIONS = "confirmations", _("Confirmations")
    PRIVACY = "privacy", _("Data protection")


class Lottery(models.Model):
    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="lotteries"
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lotteries",
        verbose_name=_("event it invites to"),
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("name"), max_length=200)
    letters_count = models.PositiveIntegerField(_("number of letters"), default=1000)
    new_residents_letters = models.PositiveIntegerField(_("letters to new residents"), default=0)
    panel_size = models.PositiveIntegerField(_("panel size"), default=40)
    event_date = models.DateField(_("event date"))
    registration_deadline = models.DateField(_("registration deadline"))
    min_age = models.PositiveIntegerField(_("minimum age on the event date"), default=16)
    strata = models.JSONField(default=list, blank=True)
    quota_categories = models.JSONField(default=list, blank=True)
    one_per_household = models.BooleanField(_("at most one letter per household"), default=True)
    prefill_from_register = models.BooleanField(
        _("pre-fill the registration with the register's values"),
        default=False,
        help_text=_(
            "Off: people report their features themselves. On: the form starts with the "
            "register's municipality, age band and sex, and people can correct them."
        ),
    )
    oversample = models.JSONField(default=dict, blank=True)
    letter_text = models.TextField(_("letter text"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    time_text = models.CharField(_("time"), max_length=120, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    childcare = models.CharField(_("childcare"), max_length=300, blank=True)
    cost_note = models.CharField(_("costs"), max_length=300, blank=True)
    # Stage one
    invitation_seed = models.CharField(max_length=200, blank=True)
    invitation_audit = models.JSONField(default=dict, blank=True)
    population = models.JSONField(default=dict, blank=True)  # eligible make-up, aggregated
    invited_at = models.DateTimeField(null=True, blank=True)
    letters_file = models.CharField(max_length=300, blank=True)
    letters_generated_at = models.DateTimeField(null=True, blank=True)
    # Stage two
    quotas = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)
    confirmations_sent_at = models.DateTimeField(null=True, blank=True)
    # Data protection
    register_deleted_at = models.DateTimeField(null=True, blank=True)
    registrations_purged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lottery")
        verbose_name_plural = _("lotteries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letters_count__gte=1) & models.Q(panel_size__gte=1),
                name="lottery_positive_sizes",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "lottery:overview",
            args=[self.process.organisation.slug, self.process.slug, self.pk],
        )

    @property
    def register_retention_date(self) -> date:
        """The register and addresses go the day after registration closes (if letters exist)."""
        return self.registration_deadline + timedelta(days=1)

    @property
    def registrations_retention_date(self) -> date:
        return self.event_date + timedelta(days=1)

    @property
    def registration_open(self) -> bool:
        from django.utils import timezone

        return self.letters_generated_at is not None and (
            timezone.localdate() <= self.registration_deadline
        )


class Municipality(models.Model):
    """A municipality or district: its own extract, letterhead and signer (seed 004)."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="municipalities")
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("official population figure"), null=True, blank=True)
    letterhead = models.TextField(_("letterhead"), blank=True)
    sender_line = models.CharField(_("return address line"), max_length=200, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=120)
    signer_role = models.CharField(_("role of the signer"), max_length=120, blank=True)
    signature = models.BinaryField(default=b"", blank=True)
    signature_type = models.CharField(max_length=40, blank=True)
    # Codes of the lottery's translations printed on this municipality's letters, in order.
    languages = models.JSONField(default=list, blank=True)
    # Official figures per age band and sex to compare the extract with (a snapshot of
    # ``population_figures.Figures``; empty when none was chosen).
    official_figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "name"], name="municipality_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_names(self) -> list[str]:
        return [LANGUAGE_NAMES.get(code, code) for code in self.languages]


class LetterTranslation(models.Model):
    """The invitation in one more language: a block on the letter and a short text on the
    registration page. Each municipality chooses which of them its letters carry."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language of the translation"), max_length=12, choices=LANGUAGES)
    letter_text = models.TextField(_("text on the letter"))
    page_text = models.TextField(_("text on the registration page"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "language"], name="translation_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def right_to_left(self) -> bool:
        from quartier.lottery.rtl import is_right_to_left

        return is_right_to_left(self.language)


class ExtractKind(models.TextChoices):
    REGISTER = "register", _("Register extract")
    NEW_RESIDENTS = "new_residents", _("New residents")


class ExtractStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")
    DELETED = "deleted", _("Deleted")


class RegisterExtract(models.Model):
    """One uploaded file; the file and its parsed copy live on disk until deletion."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="extracts")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="extracts"
    )
    kind = models.CharField(max_length=20, choices=ExtractKind.choices, default="register")
    filename = models.CharField(max_length=200)
    path = models.CharField(max_length=400, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=40, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    headers = models.JSONField(default=list, blank=True)
    sample = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=ExtractStatus.choices, default="uploaded")
    rows = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField(default=0)
    reasons = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    make_up = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.filename


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """Progress of a background task (import, letters, panel selection) shown on the page."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=30)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default="queued")
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def error_text(self) -> str:
        """An engine error in the reader's language (its catalogue has the sentence for
        the code); other failures keep the message they were stored with."""
        from django.utils import translation

        from quartier.engine.sortition.messages import describe

        code, message = str(self.error.get("code", "")), str(self.error.get("message", ""))
        if not code or "params" not in self.error:
            return message
        return describe(code, self.error["params"] or {}, message, translation)


class Letter(models.Model):
    """An invitation: the personal code, the stratum, and the address until deletion."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="letters")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ExtractKind.choices, default="register")
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=12, unique=True)
    stratum = models.CharField(max_length=200, blank=True)
    features = models.JSONField(default=dict, blank=True)  # register values, no identifiers
    given_name = models.CharField(max_length=120, blank=True)
    family_name = models.CharField(max_length=120, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "number"], name="letter_unique_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:8]}-{self.code[8:]}"


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("reply card")
    PHONE = "phone", _("phone")


class Status(models.TextChoices):
    POOL = "pool", _("in the pool")
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("reserve")
    NOT_SELECTED = "not_selected", _("not selected")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    """A reply to a letter: self-reported quota features, contact and consent."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="registrations")
    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="registration")
    pool_id = models.CharField(max_length=12)  # pseudonymous id used in the published audit
    features = models.JSONField(default=dict)
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    consent = models.BooleanField(default=False)
    keep_informed = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default="online")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default="pool")
    reserve_rank = models.PositiveIntegerField(null=True, blank=True)
    probability = models.FloatField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pool_id"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "pool_id"], name="registration_pool_id")
        ]

    def __str__(self) -> str:
        return self.pool_id


class PanelDraw(models.Model):
    """One run of stage two: quotas, seed, the audit record, panel and reserve order."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="draws")
    seed = models.CharField(max_length=200)
    quotas = models.JSONField(default=list)
    algorithm = models.CharField(max_length=20, default="leximin")
    audit = models.JSONField(default=dict, blank=True)
    selected = models.JSONField(default=list, blank=True)
    reserve = models.JSONField(default=list, blank=True)
    infeasibility = models.JSONField(default=dict, blank=True)
    moves = models.JSONField(default=list, blank=True)  # cancellations and who moved up
    # The pool as the engine saw it (pseudonymous ids and self-reported features), kept so
    # the published draw stays checkable after registrations are deleted.
    pool = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.lottery} ({self.seed})"

    @property
    def succeeded(self) -> bool:
        return bool(self.selected)


class EventInvitee(models.Model):
    """The selected panel as the event's invitee list (kept here; events is not changed)."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="invitees")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registration__pool_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "registration"], name="invitee_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.event}"
