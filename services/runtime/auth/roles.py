"""Roles and what each may do (ARCHITECTURE.md: consultant, planner, integrator, admin)."""

from enum import StrEnum


class Role(StrEnum):
    CONSULTANT = "consultant"
    PLANNER = "planner"
    INTEGRATOR = "integrator"
    ADMIN = "admin"


class Permission(StrEnum):
    SUBMIT = "consultations:submit"
    READ_OWN = "consultations:read_own"
    READ_ALL = "consultations:read"
    READ_PLANS = "plans:read"
    REVIEW = "plans:review"
    MANAGE_TOKENS = "tokens:manage"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CONSULTANT: frozenset({Permission.SUBMIT, Permission.READ_OWN}),
    Role.PLANNER: frozenset({Permission.READ_ALL, Permission.READ_PLANS, Permission.REVIEW}),
    Role.INTEGRATOR: frozenset({Permission.READ_ALL, Permission.READ_PLANS}),
    Role.ADMIN: frozenset(Permission),
}
