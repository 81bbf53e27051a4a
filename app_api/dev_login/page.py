"""The HTML of the development login: a list of made-up people to sign in as, or a BSN/subject typed in.

Rendered on the server without any script; every value is escaped. The form carries the authorization
request along in hidden fields and posts to the same address.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from app_api.config import IssuerKind
from app_api.dev_login.codes import AuthorizationRequest
from app_api.dev_login.identities import ROLE_LABELS, Identity

TITLES = {
    IssuerKind.WORKER: "Inloggen als werkende",
    IssuerKind.STAFF: "Inloggen als medewerker van de gemeente",
}
INTROS = {
    IssuerKind.WORKER: "Zo logt een werkende straks in met DigiD. Kies een verzonnen persoon of typ een BSN.",
    IssuerKind.STAFF: "Zo meldt een medewerker zich straks aan bij de gemeente. "
    "Kies een verzonnen medewerker en de rol waarmee u werkt.",
}


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} — Loonbrug (ontwikkeling)</title>\n"
        '<link rel="icon" href="/web/common/icon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/web/common/base.css">\n</head>\n'
        f'<body>\n<main class="page narrow">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _hidden(request: AuthorizationRequest) -> str:
    return "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in request.as_fields().items()
    )


def _person(person: Identity) -> str:
    return (
        f'<li><button class="identity" type="submit" name="keuze" value="{escape(person.choice)}">'
        f'<span class="identity-name">{escape(person.name)}</span>'
        f'<span class="identity-detail">{escape(person.detail)}</span></button></li>'
    )


def _typed(kind: IssuerKind) -> str:
    if kind is IssuerKind.WORKER:
        return (
            '<label for="bsn">Burgerservicenummer</label>'
            '<input id="bsn" name="bsn" inputmode="numeric" autocomplete="off" maxlength="9" '
            'pattern="[0-9]{8,9}" required>'
        )
    options = "".join(
        f'<option value="{escape(role.value)}">{escape(label)}</option>'
        for role, label in ROLE_LABELS.items()
    )
    return (
        '<label for="subject">Subject bij de identiteitsuitgever</label>'
        '<input id="subject" name="subject" autocomplete="off" maxlength="255" required>'
        f'<label for="rol">Rol</label><select id="rol" name="rol">{options}</select>'
        '<label for="gemeente">CBS-code van de gemeente (als het subject in meer gemeenten bestaat)</label>'
        '<input id="gemeente" name="gemeente" autocomplete="off" maxlength="6" pattern="GM[0-9]{4}">'
    )


def login_page(
    *, kind: IssuerKind, request: AuthorizationRequest, people: list[Identity], error: str | None = None
) -> str:
    """The login page for an authorization request."""
    hidden = _hidden(request)
    cancel = request.redirect_uri + "?" + urlencode({"error": "access_denied", "state": request.state})
    listed = (
        f'<form method="post" class="stack"><h2>Kies een persoon</h2>{hidden}'
        f'<ul class="identities">{"".join(_person(person) for person in people)}</ul></form>'
        if people
        else "<p>Er staan nog geen personen in de database. Start eerst <code>loonbrug demo</code>.</p>"
    )
    alert = f'<p class="alert" role="alert">{escape(error)}</p>' if error else ""
    body = (
        '<p class="badge">Alleen voor ontwikkeling en demo</p>'
        f"<h1>{escape(TITLES[kind])}</h1><p>{escape(INTROS[kind])}</p>{alert}{listed}"
        f'<form method="post" class="stack card"><h2>Of typ het zelf</h2>{hidden}{_typed(kind)}'
        '<button class="primary" type="submit">Inloggen</button></form>'
        f'<p><a href="{escape(cancel)}">Annuleren</a></p>'
    )
    return _document(TITLES[kind], body)


def error_page(message: str) -> str:
    """A refusal that must not be redirected (unknown client or redirect URI)."""
    body = (
        '<p class="badge">Alleen voor ontwikkeling en demo</p><h1>Inloggen kan niet</h1>'
        f'<p class="alert" role="alert">{escape(message)}</p>'
    )
    return _document("Inloggen kan niet", body)
