"""Mandates (machtigingen): which bookkeeper may send a worker's invoices and costs, and from when."""
