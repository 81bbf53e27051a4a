"""Advances (voorschotten) paid per month: the settlement's difference is computed against them."""
