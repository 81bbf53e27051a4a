"""Base model for every contract type."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    """Immutable model with lowerCamelCase JSON names that also accepts the Python names.

    Unknown fields are refused: an agency that misspells a field must hear about it instead of losing data.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        hide_input_in_errors=True,
    )
