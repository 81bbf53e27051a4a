"""Every Flextensie route in one router, for the app factory to include."""

from __future__ import annotations

from fastapi import APIRouter

from app_api.placements import endpoints, invoice_endpoints, premium_endpoints, report_endpoints

router = APIRouter()
for part in (endpoints.router, premium_endpoints.router, invoice_endpoints.router, report_endpoints.router):
    router.include_router(part)
