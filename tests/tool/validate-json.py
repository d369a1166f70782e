#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# validate-json.py SCHEMA FILE: every JSON value of FILE (one document, or
# JSON Lines) must validate against SCHEMA (python3-jsonschema).
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
text = open(sys.argv[2]).read()
try:
    docs = [json.loads(text)]
except json.JSONDecodeError:
    docs = [json.loads(line) for line in text.splitlines() if line.strip()]
if not docs:
    sys.exit("no JSON value")
bad = 0
for n, doc in enumerate(docs, 1):
    for e in validator.iter_errors(doc):
        print(f"value {n}: {'/'.join(map(str, e.absolute_path))}: {e.message}"[:300])
        bad += 1
sys.exit(1 if bad else 0)
