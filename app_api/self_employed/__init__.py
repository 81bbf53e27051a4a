"""Income from the worker's own business: invoices and business costs, sent by the worker or a consultant."""
