"""Validate request/response bodies against Discord's OpenAPI 3.1 description.

The spec (1.1 MB) is loaded once per process; validators are compiled lazily per operation.
OpenAPI 3.1 schemas are JSON Schema 2020-12, so `$ref`s resolve through a `referencing` registry.
Validation runs only where a spec is configured (the test suite); jsonschema is a test dependency, imported
then, so the demo works after a plain `pip install .`.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SPEC_URI = "urn:discord-openapi"


def spec_path() -> Path | None:
    """`$CONVENER_DISCORD_OPENAPI` (the test suite points it at tests/discord/openapi.json), else no validation."""
    env = os.environ.get("CONVENER_DISCORD_OPENAPI")
    return Path(env) if env else None


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    regex: re.Pattern[str]
    pointer: str  # JSON pointer of the operation object


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class OpenAPI:
    """Route matching and validation for one spec document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        # Discord accepts snowflakes sent as integers (discord.py sends attachment ids as 0, 1, ...);
        # responses always carry strings, so only requests get the lenient variant.
        lenient = dict(spec, components=dict(spec.get("components", {})))
        schemas = dict(lenient["components"].get("schemas", {}))
        if "SnowflakeType" in schemas:
            schemas["SnowflakeType"] = {"anyOf": [schemas["SnowflakeType"], {"type": "integer", "minimum": 0}]}
        lenient["components"]["schemas"] = schemas
        lenient["paths"] = _with_string_permissions(spec.get("paths", {}))
        self.request_registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(lenient, default_specification=DRAFT202012))
        self.operations: list[Operation] = []
        for template, item in spec.get("paths", {}).items():
            # Literal segments first so /messages/pins beats /messages/{message_id}.
            segments = ("[^/]+" if seg.startswith("{") else re.escape(seg) for seg in template.split("/"))
            pattern = "^" + "/".join(segments) + "$"
            for method in item:
                if method in ("get", "post", "put", "patch", "delete"):
                    self.operations.append(
                        Operation(method.upper(), template, re.compile(pattern),
                                  f"/paths/{_escape(template)}/{method}"))
        self.operations.sort(key=lambda op: op.template.count("{"))
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}
        self._results: dict[tuple[str, str, str], list[str]] = {}

    def match(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method and op.regex.match(path):
                return op
        return None

    def _resolve(self, pointer: str) -> Any:
        node: Any = self.spec
        for token in pointer.strip("/").split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node.get(token) if node else None
            if isinstance(node, dict) and "$ref" in node and len(node) == 1 and node["$ref"].startswith("#/"):
                node = self._resolve(node["$ref"][1:])
        return node

    def _validator(self, pointer: str, kind: str) -> Draft202012Validator | None:
        from jsonschema import Draft202012Validator

        key = (kind, pointer)
        if key not in self._validators:
            schema = self._resolve(pointer)
            registry = self.request_registry if kind == "request" else self.registry
            self._validators[key] = None if schema is None else Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{_pointer_fragment(pointer)}"}, registry=registry)
        return self._validators[key]

    def validate_request(self, method: str, path: str, body: Any) -> list[str]:
        """Errors of a JSON request body (the `payload_json` of a multipart body too)."""
        op = self.match(method, path)
        if op is None:
            return []
        content = self._resolve(op.pointer + "/requestBody/content")
        if not content or "application/json" not in content:
            return []
        return self._errors(op.pointer + "/requestBody/content/application~1json/schema", body, "request")

    def validate_response(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """Errors of a JSON response body of a 2xx answer."""
        op = self.match(method, path)
        if op is None or status == 204:
            return []
        responses = self._resolve(op.pointer + "/responses") or {}
        code = str(status) if str(status) in responses else f"{str(status)[0]}XX"
        content = self._resolve(f"{op.pointer}/responses/{code}/content") if code in responses else None
        if not content or "application/json" not in content:
            return []
        return self._errors(f"{op.pointer}/responses/{code}/content/application~1json/schema", body, "response")

    def _errors(self, pointer: str, body: Any, kind: str) -> list[str]:
        # Every test's bot syncs the same command tree; validating that body takes seconds, so identical
        # bodies are validated once per process.
        key = (pointer, kind, json.dumps(body, sort_keys=True, default=str))
        if key not in self._results:
            if len(self._results) > 2048:
                self._results.clear()
            self._results[key] = self._fresh_errors(pointer, body, kind)
        return list(self._results[key])

    def _fresh_errors(self, pointer: str, body: Any, kind: str) -> list[str]:
        validator = self._validator(pointer, kind)
        if validator is None:
            return []
        errors = list(validator.iter_errors(body))
        if not errors:
            return []
        best = _explain(min(errors, key=_relevance))
        where = "/".join(str(p) for p in best.absolute_path) or "<body>"
        return [f"{where}: {best.message[:300]}"]


# Request bodies whose permission sets the spec types as integers; Discord takes strings of digits there too, and
# discord.py sends strings.
_PERMISSION_BODIES = (("/channels/{channel_id}/permissions/{overwrite_id}", "put", ("allow", "deny")),)
_DIGITS = {"type": "string", "pattern": "^[0-9]{1,20}$"}


def _with_string_permissions(paths: dict[str, Any]) -> dict[str, Any]:
    paths = dict(paths)
    for template, method, fields in _PERMISSION_BODIES:
        try:
            operation = paths[template][method]
            body = operation["requestBody"]["content"]["application/json"]["schema"]
        except KeyError:
            continue
        properties = dict(body.get("properties", {}))
        for name in fields:
            if name in properties:
                properties[name] = {"anyOf": [properties[name], _DIGITS]}
        schema = dict(body, properties=properties)
        content = {"application/json": dict(operation["requestBody"]["content"]["application/json"], schema=schema)}
        paths[template] = dict(paths[template], **{method: dict(operation, requestBody=dict(
            operation["requestBody"], content=content))})
    return paths


def _relevance(err: ValidationError) -> Any:
    from jsonschema.exceptions import relevance

    return relevance(err)


def _explain(err: ValidationError) -> ValidationError:
    """For anyOf/oneOf, the failure inside the alternative that was meant (its `type` matched).

    (jsonschema's best_match descends by its own relevance and often lands in a wrong alternative.)
    """
    while err.context:
        by_alt: dict[Any, list[ValidationError]] = {}
        for e in err.context:
            by_alt.setdefault(e.relative_schema_path[0] if e.relative_schema_path else 0, []).append(e)

        def score(errs: list[ValidationError]) -> tuple[bool, bool, int]:
            wrong_kind = any(list(e.relative_path) == ["type"] and e.validator in ("enum", "const") for e in errs)
            wrong_type = all(e.validator == "type" and not e.relative_path for e in errs)  # e.g. the null branch
            return wrong_kind, wrong_type, len(errs)

        alternatives: list[list[ValidationError]] = list(by_alt.values())
        meant: list[ValidationError] = min(alternatives, key=score)
        err = min(meant, key=_relevance)
    return err


def _pointer_fragment(pointer: str) -> str:
    # JSON pointer inside a URI fragment: braces are percent-encoded, referencing unquotes them.
    return pointer.replace("{", "%7B").replace("}", "%7D")


@cache
def load(path: str | None = None) -> OpenAPI | None:
    """The process-wide spec: None when none is configured, or (with a warning) when its file is missing."""
    file = Path(path) if path else spec_path()
    if file is None:
        return None
    if not file.is_file():
        warnings.warn(f"Discord OpenAPI spec not found at {file}; schema validation skipped", stacklevel=2)
        return None
    return OpenAPI(json.loads(file.read_text(encoding="utf-8")))
