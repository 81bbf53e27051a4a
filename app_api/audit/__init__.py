"""The audit of personal-data access in the app API, and the auditor's view of the audit log."""
