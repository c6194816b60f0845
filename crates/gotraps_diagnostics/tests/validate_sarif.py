#!/usr/bin/env python3
"""Validates SARIF logs against a SARIF 2.1.0 JSON schema (draft-04).

usage: validate_sarif.py SCHEMA LOG...
Exit 0: all valid. 1: a log is invalid (errors on stderr). 3: the `jsonschema` module is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python module `jsonschema` is not installed (pip install jsonschema)", file=sys.stderr)
    sys.exit(3)


def main():
    schema_path, logs = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    bad = 0
    for path in logs:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        for err in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path)):
            bad += 1
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: /{where}: {err.message}", file=sys.stderr)
    sys.exit(1 if bad else 0)


main()
