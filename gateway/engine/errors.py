"""Errors the engine raises: each names the input field it is about, in words a person can act on."""

from __future__ import annotations


class EngineError(Exception):
    """Base of every engine error."""


class EngineInputError(EngineError):
    """The input cannot be settled as given; `field` is the path to the input field (lowerCamelCase)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class UnsupportedCaseError(EngineInputError):
    """A legal situation the parameter files hold no value for (e.g. a norm for a couple under 21)."""


class ParameterError(EngineError):
    """A parameter file is invalid, or a parameter has no value for the asked date."""
