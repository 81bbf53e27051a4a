"""Human-readable API documentation: the OpenAPI document rendered as one HTML page on the server.

Served at `/v<major>/documentatie` by every API built with `create_api`. The page has no script at all
(its policy allows none) and one inline stylesheet admitted by its hash, so it needs no CDN and no
exception to the Content-Security-Policy and Trusted Types rules of the other pages. Every text from the
document is escaped; only `code` in descriptions becomes markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from starlette.responses import HTMLResponse

METHODS = ("get", "post", "put", "patch", "delete")
_SCHEMA_REF = "#/components/schemas/"

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 1.5rem;color:#1a1a1a}
h1{font-size:1.8rem}h2{border-bottom:2px solid #154273;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.15rem;margin-bottom:.3rem}h4{margin:.8rem 0 .2rem}
code,.path{font-family:ui-monospace,monospace;font-size:.92em}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f7}a{color:#154273}
.method{display:inline-block;min-width:4.2rem;font-weight:700;text-transform:uppercase}
.operation{border-left:4px solid #154273;padding:.1rem 0 .1rem 1rem;margin:1.5rem 0}
.deprecated{text-decoration:line-through}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        f"style-src 'sha256-{_STYLE_HASH}'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    )
)


def install_api_docs(app: FastAPI, path: str) -> None:
    """Serve the rendered OpenAPI document of `app` at `path` (rendered once, at the first request)."""
    rendered: list[str] = []

    async def documentation() -> HTMLResponse:
        """De documentatie van deze API, leesbaar voor mensen."""
        if not rendered:
            rendered.append(render(app.openapi(), openapi_url=app.openapi_url or ""))
        return HTMLResponse(
            rendered[0],
            headers={
                "Content-Security-Policy": CONTENT_SECURITY_POLICY,
                "Cross-Origin-Opener-Policy": "same-origin",
                "Cross-Origin-Resource-Policy": "same-origin",
            },
        )

    app.add_api_route(path, documentation, methods=["GET"], include_in_schema=False)


def render(document: dict[str, Any], *, openapi_url: str) -> str:
    """The whole page for an OpenAPI document."""
    info = document.get("info", {})
    title = _text(info.get("title", "API"))
    body = "".join(
        (
            f"<h1>{title} <small>versie {_text(info.get('version', ''))}</small></h1>",
            _paragraphs(info.get("description", "")),
            _about(document, openapi_url),
            _contents(document),
            *(
                _operation(document, path, method, operation)
                for path, method, operation in _operations(document)
            ),
            _schemas(document),
        )
    )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title} — documentatie</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _about(document: dict[str, Any], openapi_url: str) -> str:
    servers = document.get("servers", [])
    contact = document.get("info", {}).get("contact", {})
    rows = [f'<li>OpenAPI-document: <a href="{_attr(openapi_url)}">{_text(openapi_url)}</a></li>']
    rows += [f"<li>Server: <code>{_text(server.get('url', ''))}</code></li>" for server in servers]
    if contact:
        rows.append(
            f"<li>Contact: {_text(contact.get('name', ''))}, "
            f'<a href="mailto:{_attr(contact.get("email", ""))}">{_text(contact.get("email", ""))}</a>, '
            f'<a href="{_attr(_safe_url(contact.get("url", "")))}">{_text(contact.get("url", ""))}</a></li>'
        )
    rows.append(
        "<li>Elk antwoord draagt de kop <code>API-Version</code>; fouten zijn "
        "<code>application/problem+json</code> (RFC 9457).</li>"
    )
    return f"<ul>{''.join(rows)}</ul>"


def _contents(document: dict[str, Any]) -> str:
    groups: dict[str, list[str]] = {}
    for path, method, operation in _operations(document):
        tag = (operation.get("tags") or ["overig"])[0]
        groups.setdefault(tag, []).append(
            f'<li><a href="#{_anchor(method, path)}"><span class="method">{method}</span>'
            f'<span class="path">{_text(path)}</span></a> {_text(operation.get("summary", ""))}</li>'
        )
    sections = "".join(f"<h3>{_text(tag)}</h3><ul>{''.join(items)}</ul>" for tag, items in groups.items())
    return f'<h2 id="bewerkingen">Bewerkingen</h2>{sections}'


def _operation(document: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> str:
    classes = "operation deprecated" if operation.get("deprecated") else "operation"
    parts = [
        f'<section class="{classes}" id="{_anchor(method, path)}">',
        f'<h3><span class="method">{method}</span> <span class="path">{_text(path)}</span></h3>',
        f"<p><strong>{_text(operation.get('summary', ''))}</strong></p>" if operation.get("summary") else "",
        _paragraphs(operation.get("description", "")),
        _security(operation.get("security", document.get("security"))),
        _parameters(document, operation),
        _request_body(document, operation.get("requestBody")),
        _responses(document, operation.get("responses", {})),
        "</section>",
    ]
    return "".join(parts)


def _security(requirements: list[dict[str, list[str]]] | None) -> str:
    if not requirements:
        return ""
    options = [
        ", ".join(
            f"{_text(name)}" + (f" ({_text(' '.join(scopes))})" if scopes else "")
            for name, scopes in r.items()
        )
        for r in requirements
    ]
    return f"<p>Aanmelden: {' of '.join(options)}</p>"


def _parameters(document: dict[str, Any], operation: dict[str, Any]) -> str:
    parameters = [_resolve(document, parameter) for parameter in operation.get("parameters", [])]
    if not parameters:
        return ""
    rows = "".join(
        f"<tr><td><code>{_text(p.get('name', ''))}</code></td><td>{_text(p.get('in', ''))}</td>"
        f"<td>{'ja' if p.get('required') else 'nee'}</td><td>{_type(p.get('schema', {}))}</td>"
        f"<td>{_inline(p.get('description') or p.get('schema', {}).get('description', ''))}</td></tr>"
        for p in parameters
    )
    return (
        "<h4>Parameters</h4><table><thead><tr><th>Naam</th><th>Plaats</th><th>Verplicht</th><th>Type</th>"
        f"<th>Omschrijving</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _request_body(document: dict[str, Any], body: dict[str, Any] | None) -> str:
    if not body:
        return ""
    body = _resolve(document, body)
    rows = "".join(
        f"<tr><td><code>{_text(media_type)}</code></td><td>{_type(content.get('schema', {}))}</td></tr>"
        for media_type, content in body.get("content", {}).items()
    )
    required = "verplicht" if body.get("required") else "niet verplicht"
    return (
        f"<h4>Inhoud van het verzoek ({required})</h4>{_paragraphs(body.get('description', ''))}"
        f"<table><thead><tr><th>Mediatype</th><th>Schema</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _responses(document: dict[str, Any], responses: dict[str, Any]) -> str:
    rows = []
    for status, declared in responses.items():
        response = _resolve(document, declared)
        content = response.get("content", {})
        bodies = "<br>".join(
            f"<code>{_text(media_type)}</code>: {_type(media.get('schema', {}))}"
            for media_type, media in content.items()
        )
        headers = ", ".join(f"<code>{_text(name)}</code>" for name in response.get("headers", {}))
        rows.append(
            f"<tr><td>{_text(status)}</td><td>{_inline(response.get('description', ''))}</td>"
            f"<td>{bodies}</td><td>{headers}</td></tr>"
        )
    return (
        "<h4>Antwoorden</h4><table><thead><tr><th>Status</th><th>Betekenis</th><th>Inhoud</th>"
        f"<th>Koppen</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _schemas(document: dict[str, Any]) -> str:
    sections = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        rows = "".join(
            f"<tr><td><code>{_text(field)}</code></td><td>{_type(definition)}</td>"
            f"<td>{'ja' if field in required else 'nee'}</td>"
            f"<td>{_inline(definition.get('description', ''))}</td></tr>"
            for field, definition in schema.get("properties", {}).items()
        )
        table = (
            "<table><thead><tr><th>Veld</th><th>Type</th><th>Verplicht</th><th>Omschrijving</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            if rows
            else f"<p>Type: {_type({k: v for k, v in schema.items() if k != 'description'})}</p>"
        )
        sections.append(
            f'<section id="schema-{_attr(name)}"><h3>{_text(name)}</h3>'
            f"{_paragraphs(schema.get('description', ''))}{table}</section>"
        )
    return f'<h2 id="schemas">Schema\'s</h2>{"".join(sections)}'


def _type(schema: dict[str, Any]) -> str:
    """A short description of a schema's type, with links to named schemas."""
    if not isinstance(schema, dict) or not schema:
        return "willekeurig"
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith(_SCHEMA_REF):
        name = reference.removeprefix(_SCHEMA_REF)
        return f'<a href="#schema-{_attr(name)}">{_text(name)}</a>'
    for combiner, word in (("anyOf", " of "), ("oneOf", " of "), ("allOf", " en ")):
        if combiner in schema:
            return word.join(_type(part) for part in schema[combiner])
    if "const" in schema:
        return f"<code>{_text(json.dumps(schema['const']))}</code>"
    kinds = schema.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    labels = []
    for kind in kinds:
        if kind == "array":
            labels.append(f"lijst van {_type(schema.get('items', {}))}")
        elif kind:
            labels.append(_text(kind))
    label = " of ".join(labels) or "willekeurig"
    if "format" in schema:
        label += f" ({_text(schema['format'])})"
    if "enum" in schema:
        label += ": " + ", ".join(f"<code>{_text(str(value))}</code>" for value in schema["enum"])
    return label


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if not isinstance(reference, str) or not reference.startswith("#/"):
        return node
    target: Any = document
    for part in reference.removeprefix("#/").split("/"):
        target = target.get(part, {})
    return target if isinstance(target, dict) else {}


def _anchor(method: str, path: str) -> str:
    return f"{method}-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _safe_url(url: str) -> str:
    """Only web addresses become links; anything else (`javascript:`) is left out."""
    return url if url.startswith(("https://", "http://")) else ""


def _inline(text: str) -> str:
    """Escaped text in which `code` becomes <code>code</code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _text(text))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_inline(part)}</p>" for part in re.split(r"\n\s*\n", text.strip()) if part.strip())
