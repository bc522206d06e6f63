"""Errors that reach a user: bad input names the field path, never a traceback (contract §6)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``path`` is the dotted path (``enterprise.city``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(Exception):
    """Input that cannot be processed. Carries every field error found, not only the first."""

    def __init__(self, errors: list[FieldError] | FieldError | str, path: str = "") -> None:
        if isinstance(errors, str):
            errors = [FieldError(path, errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = errors
        super().__init__("; ".join(str(e) for e in errors))
