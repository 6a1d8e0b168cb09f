"""Importer organisations and the system's users, with the four roles of domain.md section 7."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from cases.validators import validate_importer_number, validate_port_code


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    IMPORTER = "importer", "Importer"
    ADMIN = "admin", "Administrator"


class ImporterOrganisation(models.Model):
    name = models.CharField(max_length=200)
    importer_number = models.CharField(
        max_length=20, unique=True, validators=[validate_importer_number],
        help_text="Importer of record number (NN-NNNNNNNXX, NNN-NN-NNNN or YYDDPP-NNNNN).",
    )
    address = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        ImporterOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        help_text="Importer users only: the organisation whose records they may see.",
    )
    port_code = models.CharField(
        max_length=4, blank=True, validators=[validate_port_code],
        help_text="Officers: the port whose unassigned detentions they work.",
    )
    is_organisation_admin = models.BooleanField(
        default=False, help_text="Importer users who may invite and disable users of their organisation."
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            # An importer account without an organisation could see nothing and would be a scoping hazard;
            # a staff account tied to an organisation could be mistaken for an importer.
            models.CheckConstraint(
                name="user_importer_has_organisation",
                condition=(Q(role="importer") & Q(organisation__isnull=False))
                | (~Q(role="importer") & Q(organisation__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_shown(self.first_name, self.last_name, self.username)

    @staticmethod
    def name_shown(first_name: str, last_name: str, username: str) -> str:
        """The full name, or the username when there is none: what lists read from plain values."""
        return f"{first_name} {last_name}".strip() or username

    @property
    def is_importer(self) -> bool:
        return self.role == Role.IMPORTER

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_agency_staff(self) -> bool:
        """Officers, supervisors and administrators: the agency side of every case."""
        return self.role in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)
