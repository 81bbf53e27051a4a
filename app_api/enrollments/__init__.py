"""Enrollments (inschrijvingen): through which agencies a worker works, from when to when."""
