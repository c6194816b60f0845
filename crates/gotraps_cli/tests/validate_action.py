#!/usr/bin/env python3
"""Validates YAML documents against a JSON schema (SchemaStore's github-action.json).

usage: validate_action.py SCHEMA YAML...
Exit 0: all valid. 1: a document is invalid (errors on stderr). 3: PyYAML or jsonschema missing.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"python module missing: {e.name} (pip install jsonschema pyyaml)", file=sys.stderr)
    sys.exit(3)


def main():
    schema_path, docs = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)
    bad = 0
    for path in docs:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            bad += 1
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: /{where}: {err.message}", file=sys.stderr)
    sys.exit(1 if bad else 0)


main()
