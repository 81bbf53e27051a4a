"""The app API: worker app, consultant portal and administration (a separate ASGI app, DESIGN §6)."""
