#!/usr/bin/env python3
"""Write NEURON 8.2's Import3d geometry of every SWC in data/morphologies as JSON fixtures.

usage: /usr/bin/python3 scripts/reference/import3d_geometry.py [--out DIR] [SWC ...]
Writes DIR/<name>.json (default tests/fixtures/import3d) for each SWC (default: every file in
data/morphologies; a bare name is looked up there). The crafted edge cases are remade with
  import3d_geometry.py --out tests/fixtures/import3d/edge tests/fixtures/import3d/edge/*.swc
Each file is loaded in its own process, the way
/work/shared/tools/neuron_run.py loads one: Import3d_SWC_read, then
Import3d_GUI(r, 0).instantiate(None). Per section, in Import3d's own (parents-first) order:
name, parent name, parentX, the 3-D points as NEURON holds them (x, y, z, diam, arc in µm),
L (µm), and for nseg = 1 and for nseg from a 20 µm maximum segment length (odd, as in
neuron_run.py) the segment areas seg.area() (µm²) and seg.ri() (MΩ) with Ra = 35.4 Ω·cm.
Also Import3d's console output (its warnings), so a test can see what it complained about.
"""
import json, math, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWC_DIR = os.path.join(ROOT, "data", "morphologies")
OUT_DIR = os.path.join(ROOT, "tests", "fixtures", "import3d")
RA_OHM_CM = 35.4
MAX_SEG_UM = 20.0


def num(v):
    """12 significant digits: floats (x, y, z, diam) are exact, doubles good to ~1e-12."""
    return float(f"{v:.12g}")


def segments(sec):
    return {"nseg": sec.nseg,
            "area_um2": [num(seg.area()) for seg in sec],
            "ri_megohm": [num(seg.ri()) for seg in sec]}


def one(swc_path):
    from neuron import h
    h.load_file("import3d.hoc")
    r = h.Import3d_SWC_read()
    r.input(swc_path)
    imp = h.Import3d_GUI(r, 0)
    imp.instantiate(None)
    by_name = {s.name(): s for s in h.allsec()}
    names = []
    for i in range(int(imp.swc.sections.count())):
        tstr = h.ref("")
        imp.name(imp.swc.sections.object(i), tstr)
        names.append(tstr[0] if "[" in tstr[0] else tstr[0] + "[0]")
    assert sorted(names) == sorted(by_name), (names, list(by_name))
    out = []
    for name in names:
        sec = by_name[name]
        sec.Ra = RA_OHM_CM
        ps = sec.parentseg()
        n = int(sec.n3d())
        entry = {
            "name": name,
            "parent": ps.sec.name() if ps is not None else None,
            "parentX": ps.x if ps is not None else None,
            "L": num(sec.L),
            "x": [num(sec.x3d(i)) for i in range(n)],
            "y": [num(sec.y3d(i)) for i in range(n)],
            "z": [num(sec.z3d(i)) for i in range(n)],
            "diam": [num(sec.diam3d(i)) for i in range(n)],
            "arc": [num(sec.arc3d(i)) for i in range(n)],
        }
        sec.nseg = 1
        entry["nseg1"] = segments(sec)
        k = int(math.ceil(sec.L / MAX_SEG_UM))
        sec.nseg = k + (1 - k % 2)
        entry["maxSeg20"] = segments(sec)
        sec.nseg = 1
        out.append(entry)
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--one":  # child: NEURON's printf goes to stdout
        with open(sys.argv[3], "w") as fh:
            json.dump(one(sys.argv[2]), fh)
        return
    import neuron
    version = f"NEURON {neuron.__version__}"
    args = sys.argv[1:]
    out_dir = OUT_DIR
    if args[:1] == ["--out"]:
        out_dir, args = os.path.abspath(args[1]), args[2:]
    files = args or sorted(f for f in os.listdir(SWC_DIR) if f.endswith(".swc"))
    os.makedirs(out_dir, exist_ok=True)
    for f in files:
        path = os.path.abspath(f if os.path.dirname(f) else os.path.join(SWC_DIR, f))
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            res = subprocess.run([sys.executable, __file__, "--one", path, tmp.name],
                                 capture_output=True, text=True, cwd=ROOT)
            if res.returncode != 0:
                print(f"{f}: NEURON failed, no fixture:\n{res.stdout[-1000:]}{res.stderr[-1000:]}")
                continue
            secs = json.load(open(tmp.name))
        data = {"source": os.path.relpath(path, ROOT),
                "neuron": f"{version}: Import3d_SWC_read + Import3d_GUI(r, 0).instantiate(None)",
                "Ra_ohm_cm": RA_OHM_CM, "maxSegmentLength_um": MAX_SEG_UM,
                "log": res.stdout, "sections": secs}
        name = os.path.splitext(os.path.basename(f))[0]
        with open(os.path.join(out_dir, name + ".json"), "w") as fh:
            json.dump(data, fh, separators=(",", ":"))
            fh.write("\n")
        print(f"{name}: {len(data['sections'])} sections")


main()
