"""The team lead's review queue: proposed months across the municipality ("te beoordelen")."""
