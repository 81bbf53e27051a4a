"""Exports for municipal benefit systems: approved month settlements as CSV and JSON files.

`rows` defines the columns, `csv_file` and `json_file` write them, `service` reads approved settlements
from the store and moves them to `exported`. The layout is documented in docs/export-layout.md.
"""
