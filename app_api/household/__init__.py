"""Household facts of a benefit case: each change is a new validity period and triggers a recompute."""
