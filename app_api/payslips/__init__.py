"""Pay records (loonstroken) as the worker and the consultant read them."""
