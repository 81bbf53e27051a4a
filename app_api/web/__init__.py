"""The browser pages of the app API: the consultant's portal (`/portaal/`) and the worker's page (`/mij/`)."""

from app_api.web.pages import install

__all__ = ["install"]
