"""Trusted reverse proxies: the addresses whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.

Behind a TLS proxy every request arrives from the proxy's address, and the client's own address (for rate
limits and the audit origin) travels in `X-Forwarded-For`, a header anyone can write. uvicorn's
ProxyHeadersMiddleware therefore reads it only on requests that come from a trusted address, and then
takes the rightmost address in it that is not trusted (what the outermost trusted proxy saw).

Trusting every address (`*`, or a network such as 0.0.0.0/0) would let any caller pick its own address,
so that is refused. uvicorn itself takes an entry it cannot read as a literal host name and silently
trusts nothing for it; here a typo is an error instead.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

EVERYONE = frozenset({"*", "all"})


class UntrustedProxies(ValueError):
    """A list of trusted proxies that cannot be used (an unreadable entry, or everyone trusted)."""


def parse(values: Iterable[str]) -> tuple[str, ...]:
    """The addresses and networks (CIDR) in `values`, each of which may hold several separated by commas,
    in their normal form; `UntrustedProxies` for anything else."""
    found: list[str] = []
    for value in values:
        for entry in (part.strip() for part in value.split(",")):
            if entry:
                found.append(_one(entry))
    return tuple(dict.fromkeys(found))


def _one(entry: str) -> str:
    if entry.lower() in EVERYONE:
        raise UntrustedProxies(
            f"'{entry}' zou iedereen als proxy vertrouwen (dan kiest elke client zijn eigen adres); "
            "noem de adressen of netwerken van de proxy's zelf, bijvoorbeeld 10.0.0.5 of 10.0.0.0/24"
        )
    try:
        network = ipaddress.ip_network(entry, strict=True) if "/" in entry else None
        address = ipaddress.ip_address(entry) if network is None else None
    except ValueError:
        raise UntrustedProxies(
            f"'{entry}' is geen IP-adres of netwerk (CIDR met nullen na het voorvoegsel, zoals 10.0.0.0/8)"
        ) from None
    if network is not None:
        if network.prefixlen == 0:
            raise UntrustedProxies(f"'{entry}' omvat elk adres; noem alleen het netwerk van de proxy's")
        return str(network)
    return str(address)
