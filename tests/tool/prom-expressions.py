#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every PromQL expression memfrag ships, for prometheus-e2e.sh.

prom-expressions.py RULES DASHBOARD README prints one line per
expression: KEY, the expression as Prometheus runs it (the dashboard's
variables given: every instance, trigger "direct", a 1m rate interval),
and the expression over the counters' totals, tab-separated.  Keys:
rule:NAME and alert:NAME (the rules file), panel:ID/REFID (the
dashboard), readme:N (the README's N-th query under "The main
questions, in PromQL").

The totals form replaces rate(m[w]) and increase(m[w]) by m and a
recording rule by its expression: on a single scrape of the recorded
files it answers what the files say since the module's load, which the
test computes independently with awk.  rate() itself is Prometheus's
and checked there only for running.
"""
import json
import re
import sys

import yaml

RANGE = re.compile(r'\b(?:rate|increase)\(([^()\[\]]*)\[[^\]]*\]\)')


def variables(expr):
    return (expr.replace('$instance', '.*').replace('$trigger', 'direct')
            .replace('$__rate_interval', '1m'))


def totals(expr, records):
    for name, rec in records.items():
        expr = re.sub(r'\b' + re.escape(name) + r'\b', '(' + rec + ')', expr)
    return RANGE.sub(r'\1', expr)


def readme_queries(path):
    queries, on, q = [], False, ''
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('The main questions, in PromQL:'):
            on = True
            continue
        if not on:
            continue
        if line and not line.startswith(' '):
            break
        if not line.startswith('    '):
            continue
        line = line[4:]
        if line.startswith('#'):
            continue
        if line.startswith('  '):
            q += ' ' + line.strip()
            continue
        if q:
            queries.append(q)
        q = line
    if q:
        queries.append(q)
    return queries


def main():
    rules_path, dash_path, readme_path = sys.argv[1:4]
    out, records = [], {}
    for group in yaml.safe_load(open(rules_path))['groups']:
        for rule in group['rules']:
            expr = ' '.join(rule['expr'].split())
            if 'record' in rule:
                records[rule['record']] = expr
                out.append(('rule:' + rule['record'], expr))
            else:
                out.append(('alert:' + rule['alert'], expr))
    for panel in json.load(open(dash_path))['panels']:
        for t in panel.get('targets', []):
            out.append(('panel:%d/%s' % (panel['id'], t['refId']),
                        variables(t['expr'])))
    for i, q in enumerate(readme_queries(readme_path), 1):
        out.append(('readme:%d' % i, q))
    for key, expr in out:
        print('%s\t%s\t%s' % (key, expr, totals(expr, records)))


main()
