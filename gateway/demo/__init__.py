"""The demo: a made-up municipality with agencies, staff and workers, driven through the real stack."""
