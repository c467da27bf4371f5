#!/usr/bin/env python3
"""NEURON 8.2's d_lambda rule on real cells, for tests/unit/discretize.test.ts.

usage: /usr/bin/python3 scripts/reference/dlambda.py > tests/fixtures/dlambda.json
Loads SWC files through Import3d (as tools/neuron_run.py does), then applies the d_lambda rule
of NEURON's fixnseg.hoc with stdlib.hoc's lambda_f:
    nseg = int((L/(d_lambda*lambda_f(freq)) + 0.9)/2)*2 + 1
and records each section's nseg for a few (d_lambda, frequency, Ra, cm) settings.
"""
import json, os
from neuron import h
h.load_file("stdlib.hoc")
h.load_file("import3d.hoc")

root = os.path.join(os.path.dirname(__file__), "..", "..", "data", "morphologies")
settings = [(0.1, 100, 35.4, 1.0), (0.3, 100, 150, 1.0), (0.05, 500, 100, 2.0)]
out = {"rule": "int((L/(d_lambda*lambda_f(freq))+0.9)/2)*2+1", "cells": []}
for name in ("ca1_n120", "allen_485574832"):
    for sec in list(h.allsec()):
        h.delete_section(sec=sec)
    r = h.Import3d_SWC_read(); r.input(os.path.join(root, name + ".swc"))
    h.Import3d_GUI(r, 0).instantiate(None)
    cell = {"swc": name + ".swc", "cases": []}
    for (dl, f, ra, cm) in settings:
        nsegs = []
        for sec in h.allsec():
            sec.Ra, sec.cm = ra, cm
            nsegs.append([sec.name(), int((sec.L / (dl * h.lambda_f(f, sec=sec)) + 0.9) / 2) * 2 + 1])
        cell["cases"].append({"dLambda": dl, "frequency_Hz": f, "Ra_ohm_cm": ra, "cm_uF_per_cm2": cm, "nseg": nsegs})
    out["cells"].append(cell)
print(json.dumps(out))
