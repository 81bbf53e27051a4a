"""The Loonbrug contract: pydantic v2 models shared by every part (DESIGN §2).

JSON property names are lowerCamelCase, Python names snake_case. These modules hold validation only,
never business logic.
"""
