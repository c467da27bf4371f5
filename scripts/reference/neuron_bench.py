#!/usr/bin/env python3
# A copy of scripts/reference/neuron_run.py (itself a copy of the shared tool) extended for the
# benchmark suite (benchmarks/suite/, `cablesim bench`): populations of SWC cells. Copy 0 is
# imported by Import3d exactly as neuron_run.py does; copies 1.. are clones of it, section by
# section (the same 3-D points, so the same areas and axial resistances, checked below), since
# Import3d itself takes ~25 ms a copy and the suite goes to 10,000 copies.
"""Run a cablesim-model/1 JSON file in NEURON (the peer) and write the traces as CSV.

usage: neuron_bench.py MODEL.json OUT.csv [--time] [--no-cache-efficient]
NEURON runs with cvode.cache_efficient(1) (same traces, faster) unless told not to.
With --time it prints `neuron_wall_s=… setup_s=… compartments=… steps=…`: neuron_wall_s is the
wall time of continuerun() alone (NEURON's simulation), setup_s of building the cells.
Only the parts of the format that the benchmark suite uses: sections or SWC morphology (with
populations of either), nseg / maxSegmentLength_um discretization, hh and pas, iclamp, v
records of copy 0, fixed-step backward Euler.
"""
import json, os, sys, time
from neuron import h
h.load_file("stdrun.hoc")

SWC_POINTS = {}


def discretize_and_insert(model, secs, regions):
    m = model["morphology"]
    allsecs = list(secs.values())
    regions["all"] = allsecs
    d = model.get("discretization", {})
    spec_of = {s["name"]: s for s in m.get("sections", [])}
    for name, sec in secs.items():
        spec = spec_of.get(name.split("@")[0], {})
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


def build_sections(model, copy):
    secs, regions = {}, {}
    m = model["morphology"]
    for s in m["sections"]:
        sec = h.Section(name=s["name"] if copy == 0 else f"{s['name']}@{copy}")
        sec.L, sec.diam = s["length_um"], s["diam_um"]
        secs[s["name"]] = sec
        regions.setdefault(s["name"], []).append(sec)
    for s in m["sections"]:
        if s.get("parent"):
            secs[s["name"]].connect(secs[s["parent"]](s.get("parentEnd", 1.0)), 0)
    return secs, regions


def import_swc(model, base):
    h.load_file("import3d.hoc")
    path = os.path.join(base, model["morphology"]["swc"])
    for line in open(path):
        f = line.split()
        if f and not f[0].startswith("#"):
            SWC_POINTS[int(f[0])] = (float(f[2]), float(f[3]), float(f[4]))
    r = h.Import3d_SWC_read(); r.input(path)
    imp = h.Import3d_GUI(r, 0); imp.instantiate(None)
    secs, regions, kinds = {}, {}, {}
    for sec in h.allsec():
        kind = sec.name().split("[")[0]
        if kind.startswith("dend_"):  # Import3d names SWC type N (N > 4 or 0) dend_N
            kind = "type_" + kind[5:]
        regions.setdefault(kind, []).append(sec)
        secs[sec.name()] = sec
        kinds[sec.name()] = kind
    return secs, regions, kinds


class SwcCloner:
    """Copies of the imported cell: the same 3-D points and the same connections."""

    def __init__(self, secs, kinds):
        self.names = list(secs)
        self.kinds = [kinds[n] for n in self.names]
        orig = [secs[n] for n in self.names]
        index = {s: i for i, s in enumerate(orig)}
        self.points = [[h.Vector([f(i) for i in range(s.n3d())]) for f in (s.x3d, s.y3d, s.z3d, s.diam3d)] for s in orig]
        self.links = []
        for s in orig:
            ps = s.parentseg()
            self.links.append(None if ps is None else (index[ps.sec], ps.x, s.orientation()))

    def clone(self, copy):
        new = [h.Section(name=f"{n}@{copy}") for n in self.names]
        for s, p in zip(new, self.points):
            h.pt3dadd(*p, sec=s)
        for s, link in zip(new, self.links):
            if link:
                s.connect(new[link[0]](link[1]), link[2])
        secs, regions = {}, {}
        for n, k, s in zip(self.names, self.kinds, new):
            secs[f"{n}@{copy}"] = s
            regions.setdefault(k, []).append(s)
        return secs, regions


def locate(secs, at):
    """The segment of copy 0 at `at`."""
    if "swcId" in at:
        if at["swcId"] == 1:
            return secs["soma[0]"](0.5)
        # find the sample by its coordinates among the sections' 3-D points (not a section's first point)
        x0, y0, z0 = SWC_POINTS[at["swcId"]]
        for name, sec in secs.items():
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
    t_setup = time.perf_counter()
    copies = []
    if "sections" in model["morphology"]:
        for c in range(count):
            secs, regions = build_sections(model, c)
            discretize_and_insert(model, secs, regions)
            copies.append(secs)
    else:
        secs, regions, kinds = import_swc(model, os.path.dirname(path))
        cloner = SwcCloner(secs, kinds) if count > 1 else None
        discretize_and_insert(model, secs, regions)
        copies.append(secs)
        for c in range(1, count):
            cs, cr = cloner.clone(c)
            discretize_and_insert(model, cs, cr)
            copies.append(cs)
        if count > 1:  # the clone is the cell: same areas and axial resistances
            a = [(seg.area(), seg.ri()) for s in copies[0].values() for seg in s]
            b = [(seg.area(), seg.ri()) for s in copies[-1].values() for seg in s]
            if a != b:
                raise SystemExit("internal error: a cloned cell differs from the imported one")
    keep = []
    for c, cs in enumerate(copies):
        for st in model.get("stimuli", []):
            at = st["at"]
            if "swcId" in at:
                # the same point in copy c: copy 0's location, on the clone of its section
                seg = locate(copies[0], at)
                sec = cs[seg.sec.name() + ("" if c == 0 else f"@{c}")]
                ic = h.IClamp(sec(seg.x))
            else:
                ic = h.IClamp(cs[at["section"]](at.get("x", 0.5)))
            ic.delay, ic.dur, ic.amp = st["delay_ms"], st["dur_ms"], st["amp_nA"]
            keep.append(ic)
    secs = copies[0]
    setup = time.perf_counter() - t_setup
    t = h.Vector().record(h._ref_t)
    recs = []
    for r in model.get("record", []):
        at = r["at"]
        seg = locate(secs, at)
        recs.append((r["label"], h.Vector().record(seg._ref_v)))
    run = model["run"]
    h.dt = run["dt_ms"]; h.steps_per_ms = 1.0 / run["dt_ms"]
    # NEURON at its fastest fixed step: cache-efficient node order (identical traces, measured:
    # 4x faster on the CA1 populations, 1.5x on the L5PC); --no-cache-efficient for the default
    if "--no-cache-efficient" not in sys.argv:
        h.CVode().cache_efficient(1)
    h.finitialize(model.get("membrane", {}).get("vInit_mV", -65))
    t0 = time.perf_counter(); h.continuerun(run["tstop_ms"]); wall = time.perf_counter() - t0
    with open(out, "w") as f:
        f.write(",".join(["t_ms"] + [l for l, _ in recs]) + "\n")
        for i in range(len(t)):
            f.write(",".join([f"{t[i]:.6g}"] + [f"{v[i]:.6f}" for _, v in recs]) + "\n")
    ncomp = sum(sec.nseg for sec in h.allsec())
    if "--time" in sys.argv:
        print(f"neuron_wall_s={wall:.4f} setup_s={setup:.3f} compartments={ncomp} steps={len(t)-1}")


main()
