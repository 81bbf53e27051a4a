"""Adapters from agency formats into `schemas`, the agency client, and exports to benefit systems."""
