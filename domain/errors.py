"""Domain errors. The CLI maps each family to one exit code."""


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class RuleViolation(DomainError):
    """A command the rules of a claim's life refuse (exit code 1)."""


class InvalidInput(DomainError):
    """A value that can never be valid: empty text, a rating off the scale (exit code 2)."""


class NotFound(DomainError):
    """No claim or article has the given id (exit code 2: the input named nothing)."""
