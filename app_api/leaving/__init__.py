"""Leaving the benefit: ending a case, its final settlement, and the bufferbudget (art. 34b) ledger."""
