"""Week figures (weekcijfers) and the remaining-to-exit, as the worker and the consultant read them."""
