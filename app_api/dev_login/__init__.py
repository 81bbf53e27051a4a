"""Signing in at the development issuer from a browser: login page, authorization code and PKCE.

Development and demo only; it is mounted next to app_api.dev_issuer, which production refuses.
"""

from app_api.dev_login.endpoints import router

__all__ = ["router"]
