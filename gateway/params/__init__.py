"""Published parameter values added after a release, layered over the shipped files for every process."""
