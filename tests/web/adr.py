"""The NL API Design Rules (Logius ADR 2.x) that can be checked on an OpenAPI document, in Python.

The same checks as the error rules of the official Spectral ruleset (`media/linter.yaml` of
Logius-standaarden/API-Design-Rules, published at https://static.developer.overheid.nl/adr/ruleset.yaml),
plus its two warnings (UpperCamelCase schema names, https servers), so CI needs no Node.js. Each
violation names the rule as the ruleset does. `docs/api-design-rules.md` says how to run Spectral itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

OPENAPI_VERSION = re.compile(r"^3(.\d+){1,2}$")
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
MAJOR_VERSION_IN_URL = re.compile(r"/v\d")
KEBAB_PATH = re.compile(
    r"^(/|(/_[a-z0-9]+|/(([a-z0-9\-]+|{[^}]+})(/([a-z0-9\-.]+|{[^}]+}))*)(/_[a-z]+)?)/?)$"
)
OPENAPI_DOCUMENT_PATH = re.compile(r"/openapi\.(json|yaml)$")
LOWER_CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
UPPER_CAMEL = re.compile(r"^[A-Z][a-z\d]+(?:[A-Z][a-z\d]+)*$")
DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))")
VERSION_HEADERS = {"API-Version", "Api-Version", "Api-version", "api-version", "API-version"}
PROBLEM_MEDIA_TYPES = {"application/problem+json", "application/problem+xml"}
PROBLEM_MEMBERS = {"status", "title", "detail"}
METHODS = {"get", "put", "post", "delete", "patch"}
PATH_ITEM_FIELDS = {"parameters", "summary", "description", "servers", "$ref"}


def violations(document: dict[str, Any]) -> list[str]:
    """Every rule the document breaks, as `rule where: what`; empty when it follows the rules."""
    found: list[str] = []
    for check in (
        _openapi_version,
        _info,
        _servers,
        _paths,
        _operations,
        _responses,
        _schema_names,
        _date_fields,
    ):
        found.extend(check(document))
    return found


def resolve(document: dict[str, Any], node: Any) -> Any:
    """`node` with a local `$ref` followed (repeatedly), as Spectral lints the resolved document."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _openapi_version(document: dict[str, Any]) -> Iterator[str]:
    version = document.get("openapi")
    if not version:
        yield "nlgov:openapi-root-exists $: no `openapi` member"
    elif not OPENAPI_VERSION.match(str(version)):
        yield f"nlgov:openapi3 $.openapi: {version} is not OpenAPI 3"


def _info(document: dict[str, Any]) -> Iterator[str]:
    info = document.get("info", {})
    contact = info.get("contact")
    if not contact:
        yield "info-contact $.info: no contact"
    else:
        missing = sorted({"name", "email", "url"} - set(contact))
        if missing:
            yield f"nlgov:info-contact-fields-exist $.info.contact: missing {', '.join(missing)}"
    if not SEMVER.match(str(info.get("version", ""))):
        yield f"nlgov:semver $.info.version: {info.get('version')!r} is not semantic versioning"


def _servers(document: dict[str, Any]) -> Iterator[str]:
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers:
        yield "oas3-api-servers $: `servers` must be a non-empty list"
        return
    for index, server in enumerate(servers):
        url = str(server.get("url", ""))
        if not MAJOR_VERSION_IN_URL.search(url):
            yield f"nlgov:include-major-version-in-uri $.servers[{index}]: {url} has no /v<major>"
        if url.startswith("http://"):
            yield f"nlgov:servers-use-https $.servers[{index}]: {url} is not https"


def _paths(document: dict[str, Any]) -> Iterator[str]:
    for path, item in document.get("paths", {}).items():
        if path != "/" and path.endswith("/"):
            yield f"path-keys-no-trailing-slash {path}: ends in a slash"
        if not OPENAPI_DOCUMENT_PATH.search(path) and not KEBAB_PATH.match(path):
            yield f"nlgov:paths-kebab-case {path}: is not kebab-case"
        for field in set(item) - METHODS - PATH_ITEM_FIELDS:
            yield f"nlgov:http-methods {path}: {field} is not a standard HTTP method"


def _operations(document: dict[str, Any]) -> Iterator[str]:
    operation_ids: Counter[str] = Counter()
    for path, method, operation in _each_operation(document):
        where = f"{method.upper()} {path}"
        if "operationId" in operation:
            operation_ids[operation["operationId"]] += 1
        parameters = [resolve(document, p) for p in operation.get("parameters", [])]
        parameters += [resolve(document, p) for p in document["paths"][path].get("parameters", [])]
        declared = {p["name"] for p in parameters if p.get("in") == "path"}
        templated = set(re.findall(r"{([^}]+)}", path))
        if declared != templated:
            yield f"path-params {where}: path parameters {sorted(declared)} != {sorted(templated)}"
        for parameter in parameters:
            if parameter.get("in") == "query" and not LOWER_CAMEL.match(parameter["name"]):
                yield f"nlgov:query-keys-camel-case {where}: {parameter['name']} is not lowerCamelCase"
        needs_400 = method in {"put", "post", "patch"} or (method in {"get", "delete"} and parameters)
        if needs_400 and "400" not in operation.get("responses", {}):
            yield f"nlgov:problem-invalid-input {where}: no 400 response"
    for operation_id, count in operation_ids.items():
        if count > 1:
            yield f"operation-operationId-unique {operation_id}: used {count} times"
    tags = [tag.get("name") for tag in document.get("tags", [])]
    for tag, count in Counter(tags).items():
        if count > 1:
            yield f"openapi-tags-uniqueness {tag}: declared {count} times"
    for name, scheme in document.get("components", {}).get("securitySchemes", {}).items():
        if scheme.get("in") == "query" and not LOWER_CAMEL.match(scheme.get("name", "")):
            yield f"nlgov:query-keys-camel-case securitySchemes.{name}: not lowerCamelCase"


def _responses(document: dict[str, Any]) -> Iterator[str]:
    for path, method, operation in _each_operation(document):
        for status, declared in operation.get("responses", {}).items():
            where = f"{method.upper()} {path} {status}"
            response = resolve(document, declared)
            headers = set(response.get("headers", {}))
            # The ruleset asks it of 2xx and 3xx; Loonbrug sends it on every response, so says so on all.
            if not headers & VERSION_HEADERS:
                yield f"nlgov:missing-version-header {where}: API-Version not declared"
            if status[:1] in {"4", "5"}:
                yield from _problem_content(document, where, response.get("content"))


def _problem_content(document: dict[str, Any], where: str, content: dict[str, Any] | None) -> Iterator[str]:
    if content is None:
        return
    problem_types = PROBLEM_MEDIA_TYPES & set(content)
    if not problem_types:
        yield f"nlgov:use-problem-schema {where}: error content is not application/problem+json"
    for media_type in problem_types:
        schema = resolve(document, content[media_type].get("schema", {}))
        missing = sorted(PROBLEM_MEMBERS - set(schema.get("properties", {})))
        if missing:
            yield f"nlgov:problem-schema-members {where}: problem lacks {', '.join(missing)}"


def _schema_names(document: dict[str, Any]) -> Iterator[str]:
    for name in document.get("components", {}).get("schemas", {}):
        if not UPPER_CAMEL.match(name):
            yield f"nlgov:schema-camel-case #/components/schemas/{name}: is not UpperCamelCase"


def _date_fields(document: dict[str, Any]) -> Iterator[str]:
    for where, name, schema in _each_property(document, "$"):
        if schema.get("format") == "date-time-local":
            yield f"nlgov:date-time-ensure-timezone {where}.{name}: date-time-local has no time zone"
        if schema.get("format") == "time":
            yield f"nlgov:time-without-timezone {where}.{name}: use time-local"
        if name not in {"date", "datum"} and not DATE_NAME.search(name):
            continue
        all_of = schema.get("allOf")
        has_format = "format" in schema or (
            isinstance(all_of, list) and all_of and all("format" in part for part in all_of)
        )
        if not has_format:
            yield f"nlgov:specify-format-for-date-and-time {where}.{name}: a date field needs format: date"
        if "date-time" in _formats(schema):
            yield f"nlgov:use-date-instead-of-datetime {where}.{name}: a date field is format: date"


def _each_operation(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _each_property(node: Any, where: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, schema in properties.items():
                if isinstance(schema, dict):
                    yield where, name, schema
        for key, value in node.items():
            yield from _each_property(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _each_property(value, f"{where}[{index}]")


def _formats(schema: Any) -> Iterator[str]:
    """Every `format` in a property's schema, its own and nested ones."""
    if isinstance(schema, dict):
        if isinstance(schema.get("format"), str):
            yield schema["format"]
        for key, value in schema.items():
            if key != "format":
                yield from _formats(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _formats(value)
