"""Authentication and authorisation of the app API: OpenID Connect bearer tokens, people and roles."""
