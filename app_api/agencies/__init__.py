"""Agencies (uitzendbureaus) and their public signing keys, managed by the administrator."""
