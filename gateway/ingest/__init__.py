"""The agency API (DESIGN §5): token endpoint, JWKS, pushes of signed and encrypted pay records."""
