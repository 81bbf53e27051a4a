"""HTTP plumbing shared by the agency API and the app API: problems, headers, limits (NL API Design Rules)."""
