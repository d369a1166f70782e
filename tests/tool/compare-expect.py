#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# compare-expect.py [-z ZONE] [-t TRIGGER] RECORDING.jsonl...: what
# memfrag compare should say of each recording, computed here from the
# recording's JSON and the kernel's formulas, not through the tool.
# Prints JSON: one object per recording, of "metric.key" -> value.
import json
import sys


def main(argv):
    zone = trigger = None
    args = argv[1:]
    while args and args[0] in ('-z', '-t'):
        if args[0] == '-z':
            zone = args[1]
        else:
            trigger = args[1]
        args = args[2:]
    print(json.dumps([expect(p, zone, trigger) for p in args]))


def keep(row, zone, trigger):
    return ((zone is None or 'zone' not in row or row['zone'] == zone) and
            (trigger is None or 'trigger' not in row or
             row['trigger'] == trigger))


def expect(path, zone, trigger):
    lines = [json.loads(x) for x in open(path)]
    head = lines[0]
    snaps = [x for x in lines if x['type'] == 'snapshot']

    def direct_runs(s, result=None):
        return sum(r['runs'] for r in s['files']['compaction']['runs']
                   if r['trigger'] == 'direct' and keep(r, zone, trigger)
                   and (result is None or r['result'] == result))

    def all_runs(s):
        return sum(r['runs'] for r in s['files']['compaction']['runs']
                   if keep(r, zone, trigger))

    def fallbacks(s):
        return sum(r['count'] for r in s['files']['extfrag']['migratetype']
                   if keep(r, zone, trigger))

    moved = [i for i in range(1, len(snaps))
             if all_runs(snaps[i]) > all_runs(snaps[i - 1]) or
             fallbacks(snaps[i]) > fallbacks(snaps[i - 1])]
    active = (snaps[moved[-1]]['t'] - snaps[moved[0] - 1]['t']) if moved else 0
    span = snaps[-1]['t'] - snaps[0]['t']
    direct = direct_runs(snaps[-1]) - direct_runs(snaps[0])
    success = direct_runs(snaps[-1], 'success') - direct_runs(snaps[0], 'success')
    order = snaps[-1]['files']['zones']['score_order']
    present = {(z['node'], z['zone']): z['present'] for z in head['zones']}

    def zones_kept(s):
        return [r for r in s['files']['zones']['free_blocks']
                if zone is None or r['zone'] == zone]

    def unusable(s):
        free = suit = 0
        for r in zones_kept(s):
            for o, n in enumerate(r['orders']):
                free += n << o
                suit += (n << o) if o >= order else 0
        return (free - suit) / free if free else 1

    def score(s, node):
        # mm/compaction.c: fragmentation_score_node()
        node_present = sum(p for (n, _), p in present.items() if n == node)
        total = 0
        for r in zones_kept(s):
            if r['node'] != node:
                continue
            free = suit = 0
            for o, n in enumerate(r['orders']):
                free += n << o
                if o >= order:
                    suit += n << (o - order)
            extfrag = (free - (suit << order)) * 100 // free if free else 0
            total += present[(node, r['zone'])] * extfrag // (node_present + 1)
        return total

    def mean(f):
        return sum((snaps[i]['t'] - snaps[i - 1]['t']) * f(snaps[i])
                   for i in range(1, len(snaps))) / span

    return {
        'seconds.recorded': span,
        'seconds.active': active,
        'runs.direct': direct,
        'runs_rate.direct': direct / active if active else None,
        'success.direct': 100 * success / direct if direct else None,
        'fallbacks_all.all': fallbacks(snaps[-1]) - fallbacks(snaps[0]),
        'free_blocks_mean.order_0':
            mean(lambda s: sum(r['orders'][0] for r in zones_kept(s))),
        'unusable_mean.huge_page': mean(unusable),
        'score_mean.node_0': mean(lambda s: score(s, 0)),
        'score_end.node_0': score(snaps[-1], 0),
        'module_score_end.node_0': snaps[-1]['files']['zones']['nodes'][0]['score'],
    }


if __name__ == '__main__':
    main(sys.argv)
