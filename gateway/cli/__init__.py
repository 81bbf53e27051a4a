"""The `loonbrug` command line."""
