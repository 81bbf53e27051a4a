"""The municipality's policy parameters (the choices the Participatiewet leaves to the municipality)."""
