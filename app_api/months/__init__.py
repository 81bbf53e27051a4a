"""Month settlements (maandverrekeningen) as the worker and the consultant read them."""
