"""Agencies (uitzendbureaus) and their public signing keys, managed by their municipality's administrator."""
