from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Group(models.Model):
    """A standing, self-organised group of a process (e.g. a topic group that carried on)."""

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="moderated_groups",
        verbose_name=_("moderator"),
    )
    is_open = models.BooleanField(_("open for new members"), default=True)
    source_type = models.CharField(max_length=80, blank=True)  # what it grew out of, e.g. a topic group
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.title


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class GroupMember(models.Model):
    """A member is a contact (no account needed) and/or a user."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey("reach.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="group_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="group_memberships")
    role = models.CharField(_("role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | models.Q(user__isnull=False), name="group_member_is_someone"
            ),
            models.UniqueConstraint(fields=["group", "contact"], name="one_membership_per_contact"),
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group_user"),
        ]

    def __str__(self) -> str:
        return f"{self.contact or self.user} in {self.group}"
