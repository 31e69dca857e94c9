"""Validates an OpenAPI document with openapi-spec-validator (OpenAPI 3.1 rules).

Usage: check_openapi.py FILE. Prints "N passed, M failed" last, like the other checks.
"""

import json
import sys

from openapi_spec_validator import OpenAPIV31SpecValidator


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    failed = 0
    if not str(doc.get("openapi", "")).startswith("3.1"):
        print(f"not an OpenAPI 3.1 document: openapi = {doc.get('openapi')!r}")
        failed += 1
    for error in OpenAPIV31SpecValidator(doc).iter_errors():
        print(f"invalid: {error.message} at {'/'.join(map(str, error.absolute_path))}")
        failed += 1
    print(f"{1 if failed == 0 else 0} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
