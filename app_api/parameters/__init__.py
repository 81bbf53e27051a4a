"""Published parameter values added after a release: listing, adding and confirming (four eyes)."""
