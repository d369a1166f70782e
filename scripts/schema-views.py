#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# schema-views.py SCHEMA LAYOUT TRIGGERS RESULTS BACKGROUND TRACEPOINTS
#                 MODES PRIORITIES MIGRATETYPES DROPS:
# prints SCHEMA (tools/memfrag/memfrag.schema.json) with the parts that
# come from include/memfrag/ rewritten (scripts/lists.sh calls it; each
# list argument is gen-lists' output, one name a line):
#  - the summary's by_trigger, by_result and background keys, and the
#    names of its drops;
#  - $defs/view_<view> of every view that shows a module file's keys and
#    sections as they are (runs, latency, direct, migration, extfrag,
#    zones, pagetypes, status), from gen-lists layout: every key and
#    column typed by its MEMFRAG_T_* type, rows closed
#    (additionalProperties false), names from the lists where a column
#    holds one (trigger, mode, prio, migratetypes, tracepoint).
import json
import sys

(path, layout, triggers, results, background, tracepoints, modes, prios,
 migratetypes, drops) = sys.argv[1:]

with open(path) as f:
    schema = json.load(f)

summary = schema["allOf"][0]["then"]["properties"]
by_trigger = summary["compaction"]["properties"]["by_trigger"]
by_trigger["required"] = triggers.split()
by_result = by_trigger["additionalProperties"]["properties"]["by_result"]
by_result["required"] = results.split()
summary["background"]["required"] = background.split()
summary["drops"]["propertyNames"] = {"enum": drops.split()}

# MEMFRAG_SEC_* (include/memfrag/files.h)
SEC_ORDERS, SEC_NOTE, SEC_FORMAT3 = 0x1, 0x2, 0x8

# The views that show one file each, and zones', which shows pagetypes'
# sections too (from a zones file of format 3 or 4; null from 5 on).
VIEW_FILES = {
    "runs": ["compaction"], "latency": ["latency"], "direct": ["direct"],
    "migration": ["migration"], "extfrag": ["extfrag"],
    "zones": ["zones", "pagetypes"], "pagetypes": ["pagetypes"],
    "status": ["status"],
}
# Keys a file of an older format lacks, or that the module may not print:
# null then (page_size has a definition of its own).
OPTIONAL_KEYS = {"events", "load_id", "reset_generation"}
# Keys the tool adds to zones (computed from the sysctl for format 2 on;
# null when unknown).
TOOL_KEYS = {"zones": ["compaction_proactiveness", "score_low",
                       "score_high"]}
# Columns that hold a name of a list.
ENUMS = {
    "trigger": triggers.split(), "mode": modes.split(),
    "prio": prios.split(), "alloc_type": migratetypes.split(),
    "fallback_type": migratetypes.split(),
    "migratetype": migratetypes.split(), "tracepoint": tracepoints.split(),
}
COMMON = ["view", "version", "format", "interval", "seconds", "reset",
          "wall", "monotonic"]

files = {}
for line in layout.splitlines():
    kind, name, *rest = line.split()
    if kind == "F":
        cur = files[name] = {"keys": [], "sections": []}
    elif kind == "K":
        cur["keys"].append((name, rest[0]))
    elif kind == "S":
        sec = {"name": name, "flags": int(rest[0]), "order_type": rest[1],
               "cols": []}
        cur["sections"].append(sec)
    elif kind == "C":
        sec["cols"].append((name, rest[0]))


def value(t, name=None):
    """The JSON of a token of MEMFRAG_T_<t> (json.c): "-" is null."""
    if t == "STR":
        if name in ENUMS:
            return {"enum": ENUMS[name]}
        return {"type": "string"}
    if t in ("INT", "INT_OR_UNKNOWN"):
        return {"type": ["integer", "null"]}
    if t == "UPPER":
        return {"type": ["integer", "null"], "minimum": 0,
                "description": "null: unbounded (inf)"}
    if t == "MILLI":
        return {"type": ["number", "null"], "minimum": -1, "maximum": 1}
    if t in ("NUM", "COUNT", "GAUGE", "MEAN"):
        return {"type": ["integer", "null"], "minimum": 0}
    raise SystemExit(f"schema-views.py: no JSON for type {t}")


def key(name, t):
    if name == "page_size":
        return {"$ref": "#/$defs/page_size"}
    if name == "load_id":
        return {"type": "string", "pattern": "^[0-9a-f]{16}$"}
    if t == "PAIRS":
        return {"type": "object", "propertyNames": {"enum": drops.split()},
                "additionalProperties": {"type": "integer", "minimum": 0}}
    if t == "TPCOUNT":
        return {"$ref": "#/$defs/counts"}
    if t == "WORDS":
        return {"type": "array", "items": {"type": "string"}}
    return value(t, name)


def section(sec, nullable):
    if sec["flags"] & SEC_NOTE:
        return {"type": ["string", "null"] if nullable else "string"}
    props = {c: value(t, c) for c, t in sec["cols"]}
    if sec["flags"] & SEC_ORDERS:
        props["orders"] = {"type": "array", "minItems": 1,
                           "items": value(sec["order_type"])}
    if sec["name"] == "probes":
        # a probe that failed to attach: its errno (error=-22)
        props["error"] = {"type": "integer"}
    row = {"type": "object", "required": [c for c, _ in sec["cols"]] +
           (["orders"] if sec["flags"] & SEC_ORDERS else []),
           "properties": props, "additionalProperties": False}
    return {"type": ["array", "null"] if nullable else "array",
            "items": row}


def view(name, fnames):
    props = {c: {"$ref": f"#/properties/{c}"} for c in COMMON}
    props["view"] = {"const": name}
    required = list(COMMON)
    for i, fname in enumerate(fnames):
        f = files[fname]
        for k, t in f["keys"]:
            if k in props:
                continue
            props[k] = key(k, t)
            if k in OPTIONAL_KEYS:
                props[k] = {"anyOf": [props[k], {"type": "null"}]}
            required.append(k)
        for k in TOOL_KEYS.get(fname, []):
            props[k] = {"type": ["integer", "null"], "minimum": 0}
            required.append(k)
        for s in f["sections"]:
            # a file of an older format lacks it (null); the zones view
            # shows pagetypes' sections from zones files of format 3 and
            # 4, null from older ones, and not at all from 5 on
            nullable = bool(s["flags"] & SEC_FORMAT3) or i > 0
            props[s["name"]] = section(s, nullable)
            if i == 0:
                required.append(s["name"])
    return {"type": "object", "required": required, "properties": props,
            "additionalProperties": False}


for name, fnames in VIEW_FILES.items():
    schema["$defs"][f"view_{name}"] = view(name, fnames)

# snoop's run records name a trigger and a mode of the lists.
for case in schema["allOf"]:
    if case.get("if", {}).get("properties", {}).get("view", {}).get("const") == "snoop":
        run = case["then"]["oneOf"][1]["properties"]
        run["trigger"] = {"enum": triggers.split()}
        run["mode"] = {"enum": modes.split()}

print(json.dumps(schema, indent=2, ensure_ascii=False))
