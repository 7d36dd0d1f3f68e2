"""Reach models, one module per concept; imported here so Django finds them."""

from quartier.reach.models.imports import ContactImport, ImportStatus
from quartier.reach.models.one_to_ones import OneToOne, Readiness
from quartier.reach.models.people import (
    Contact,
    LegalBasis,
    Participation,
    ParticipationKind,
    ParticipationRole,
)
from quartier.reach.models.places import KeyPerson, Place, PlaceKind, PlaceMembership
from quartier.reach.models.targets import Reachability, TargetGroup

__all__ = [
    "Contact",
    "ContactImport",
    "ImportStatus",
    "KeyPerson",
    "LegalBasis",
    "OneToOne",
    "Participation",
    "ParticipationKind",
    "ParticipationRole",
    "Place",
    "PlaceKind",
    "PlaceMembership",
    "Reachability",
    "Readiness",
    "TargetGroup",
]
