#!/usr/bin/env python3
"""NEURON 8.2's hh steady states and time constants, for tests/unit/hh.test.ts.

usage: /usr/bin/python3 scripts/reference/hh_rates.py > tests/fixtures/hh_rates.json
Evaluates hh.mod's `rates(v)` through NEURON itself, with its TABLE (usetable_hh = 1, NEURON's
default) and without it (usetable_hh = 0, the exact rate functions), at two temperatures, on a
voltage grid that includes off-grid points and the 0/0 points of vtrap (-40 and -55 mV).
"""
import json
from neuron import h

s = h.Section(name="s")
s.insert("hh")
h("access s")
volts = sorted(set([-150.0, -100.5, -100.0, -99.75, -70.3, -65.0, -55.0, -55.0000001, -54.99, -40.0,
                    -40.0000001, -39.99, -12.345, 0.0, 0.5, 33.3, 99.6, 100.0, 100.4, 140.0]
                   + [-100 + 2.5 * i + 0.37 for i in range(80)]))
out = {"columns": ["minf", "mtau", "hinf", "htau", "ninf", "ntau"], "cases": []}
for celsius in (6.3, 18.5):
    h.celsius = celsius
    for use in (1, 0):
        h.usetable_hh = use
        rows = []
        for v in volts:
            h.rates_hh(v)
            rows.append([v, h.minf_hh, h.mtau_hh, h.hinf_hh, h.htau_hh, h.ninf_hh, h.ntau_hh])
        out["cases"].append({"celsius": celsius, "usetable": use, "rows": rows})
print(json.dumps(out))
