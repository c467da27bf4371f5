#!/usr/bin/env python3
# Copied unchanged (apart from this header) from the project's shared tool
# /work/shared/tools/neuron_run.py (see /work/shared/tools/README.md), so that the repo can
# regenerate its NEURON reference traces on its own: scripts/reference/make_neuron_refs.sh.
# If the shared tool changes, copy it again and rerun make_neuron_refs.sh.
"""Run a cablesim-model/1 JSON file in NEURON (the peer) and write the traces as CSV.

usage: neuron_run.py MODEL.json OUT.csv [--time]
Only the parts of the format that the reference cases use: sections or SWC morphology,
nseg / maxSegmentLength_um discretization, hh and pas, iclamp, v records, fixed-step backward Euler.
"""
import json, os, sys, time
from neuron import h
h.load_file("stdrun.hoc")


def build(model, base, copy=0):
    m = model["morphology"]
    secs, regions = {}, {}
    if "sections" in m:
        for s in m["sections"]:
            sec = h.Section(name=s["name"] if copy == 0 else f"{s['name']}@{copy}")
            sec.L, sec.diam = s["length_um"], s["diam_um"]
            secs[s["name"]] = sec
            regions.setdefault(s["name"], []).append(sec)
        for s in m["sections"]:
            if s.get("parent"):
                secs[s["name"]].connect(secs[s["parent"]](s.get("parentEnd", 1.0)), 0)
    else:
        h.load_file("import3d.hoc")
        for line in open(os.path.join(base, m["swc"])):
            f = line.split()
            if f and not f[0].startswith("#"):
                SWC_POINTS[int(f[0])] = (float(f[2]), float(f[3]), float(f[4]))
        r = h.Import3d_SWC_read(); r.input(os.path.join(base, m["swc"]))
        imp = h.Import3d_GUI(r, 0); imp.instantiate(None)
        for sec in h.allsec():
            kind = sec.name().split("[")[0]
            if kind.startswith("dend_"):  # Import3d names SWC type N (N > 4 or 0) dend_N
                kind = "type_" + kind[5:]
            regions.setdefault(kind, []).append(sec)
            secs[sec.name()] = sec
    allsecs = list(secs.values())
    regions["all"] = allsecs
    d = model.get("discretization", {})
    for name, sec in secs.items():
        spec = next((s for s in m.get("sections", []) if s["name"] == name), {})
        if "nseg" in spec:
            sec.nseg = spec["nseg"]
        elif "maxSegmentLength_um" in d:
            n = int(-(-sec.L // d["maxSegmentLength_um"]))
            sec.nseg = n + (1 - n % 2)  # odd, as NEURON users do
    mem = model.get("membrane", {})
    for sec in allsecs:
        sec.cm = mem.get("cm_uF_per_cm2", 1.0); sec.Ra = mem.get("Ra_ohm_cm", 35.4)
    h.celsius = mem.get("celsius", 6.3)
    for mech in model.get("mechanisms", []):
        for where in mech["where"]:
            for sec in regions.get(where, []):
                sec.insert(mech["name"])
                for k, v in mech.get("params", {}).items():
                    for seg in sec:
                        setattr(seg, f"{k}_{mech['name']}", v)
    return secs


SWC_POINTS = {}


def locate(secs, at):
    if "swcId" in at:
        if at["swcId"] == 1:
            return secs["soma[0]"](0.5)
        # find the sample by its coordinates among the sections' 3-D points (not a section's first point)
        x0, y0, z0 = SWC_POINTS[at["swcId"]]
        for sec in secs.values():
            n = sec.n3d()
            for i in range(1, n):
                if abs(sec.x3d(i) - x0) + abs(sec.y3d(i) - y0) + abs(sec.z3d(i) - z0) < 1e-3:
                    return sec(sec.arc3d(i) / sec.L)
        raise SystemExit(f"swcId {at['swcId']} not found")
    return secs[at["section"]](at.get("x", 0.5))


def main():
    path, out = sys.argv[1], sys.argv[2]
    model = json.load(open(path))
    count = model.get("population", {}).get("count", 1)
    if count > 1 and "sections" not in model["morphology"]:
        raise SystemExit("populations are supported here for sections morphologies only")
    copies = [build(model, os.path.dirname(path), c) for c in range(count)]
    secs = copies[0]
    keep = []
    for cs in copies:
        for st in model.get("stimuli", []):
            ic = h.IClamp(locate(cs, st["at"]))
            ic.delay, ic.dur, ic.amp = st["delay_ms"], st["dur_ms"], st["amp_nA"]
            keep.append(ic)
    t = h.Vector().record(h._ref_t)
    recs = [(r["label"], h.Vector().record(locate(secs, r["at"])._ref_v)) for r in model.get("record", [])]
    run = model["run"]
    h.dt = run["dt_ms"]; h.steps_per_ms = 1.0 / run["dt_ms"]
    h.finitialize(model.get("membrane", {}).get("vInit_mV", -65))
    t0 = time.perf_counter(); h.continuerun(run["tstop_ms"]); wall = time.perf_counter() - t0
    with open(out, "w") as f:
        f.write(",".join(["t_ms"] + [l for l, _ in recs]) + "\n")
        for i in range(len(t)):
            f.write(",".join([f"{t[i]:.6g}"] + [f"{v[i]:.6f}" for _, v in recs]) + "\n")
    ncomp = sum(sec.nseg for sec in h.allsec())
    if "--time" in sys.argv:
        print(f"neuron_wall_s={wall:.4f} compartments={ncomp} steps={len(t)-1}")


main()
