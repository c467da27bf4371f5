#!/usr/bin/env python3
"""Measure three Hodgkin–Huxley facts in NEURON 8.2 (the peer), for documentation and cross-checks.

usage: /usr/bin/python3 scripts/reference/hh_facts.py [--quick] [--json tests/reference/hh_facts.json]

1. Rheobase of NEURON's built-in `hh` (default parameters, 6.3 °C) in a single compartment:
   the smallest current density (µA/cm²) of a 200 ms step that gives at least one spike
   (an upward crossing of 0 mV), found by bisection.
2. The threshold for sustained repetitive firing: the smallest step current density that still
   gives spikes at the end of a long (3000 ms) step, i.e. an upward 0 mV crossing in the last
   200 ms of the step, found by bisection. (Below it the cell fires a few spikes, or just below it many, and falls silent.)
3. Conduction velocity of the squid giant axon as Hodgkin & Huxley (1952) modelled it:
   diameter 476 µm, Ra 35.4 Ω·cm, cm 1 µF/cm², default `hh`, 18.5 °C. A 100 mm axon, a brief
   strong pulse at its 0 end; the velocity is the distance between x = 0.3 and x = 0.7 (40 mm,
   both well away from the ends) over the time between the two points' upward 0 mV crossings
   (each crossing time linearly interpolated between steps). Repeated on finer nseg and dt to
   show it is converged.

Single compartment: L = diam = sqrt(1e5/π) µm, so the membrane area is 1e5 µm² = 1e-3 cm² and
1 µA/cm² is exactly 1 nA of IClamp current. All runs use NEURON's default fixed step
(backward Euler, cvode off; two velocity runs add Crank–Nicolson, secondorder = 2, as a
cross-check of the dt → 0 limit), started with finitialize(-65).
Results: tests/reference/README.md; --json writes them as tests/reference/hh_facts.json.
"""
import json, math, sys
from neuron import h

h.load_file("stdrun.hoc")
QUICK = "--quick" in sys.argv


def crossings(t, v, thr=0.0):
    """Upward crossing times of thr, linearly interpolated."""
    out = []
    for i in range(1, len(v)):
        if v[i - 1] < thr <= v[i]:
            out.append(t[i - 1] + (thr - v[i - 1]) / (v[i] - v[i - 1]) * (t[i] - t[i - 1]))
    return out


# ---------------------------------------------------------------- single compartment
soma = h.Section(name="soma")
soma.L = soma.diam = math.sqrt(1e5 / math.pi)
soma.nseg = 1
soma.insert("hh")
AREA_CM2 = soma(0.5).area() * 1e-8          # µm² → cm²
NA_PER_UA_CM2 = AREA_CM2 * 1e3              # 1 µA/cm² × area(cm²) = µA → ×1e3 nA
stim = h.IClamp(soma(0.5))
tv, vv = h.Vector(), h.Vector()


def run_step(i_density, delay, dur, tail, dt):
    """Spike times (ms, relative to step onset) for a step of i_density µA/cm²."""
    h.celsius = 6.3
    stim.delay, stim.dur, stim.amp = delay, dur, i_density * NA_PER_UA_CM2
    tv.record(h._ref_t); vv.record(soma(0.5)._ref_v)
    h.dt = dt; h.steps_per_ms = 1.0 / dt
    h.finitialize(-65)
    h.continuerun(delay + dur + tail)
    return [s - delay for s in crossings(list(tv), list(vv))]


def bisect(pred, lo, hi, tol):
    """Smallest x in [lo, hi] with pred(x) true, assuming pred is false at lo and true at hi."""
    assert not pred(lo) and pred(hi), (lo, hi)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if pred(mid):
            hi = mid
        else:
            lo = mid
    return lo, hi


def rheobase(dt, dur=200.0):
    return bisect(lambda i: len(run_step(i, 10.0, dur, 20.0, dt)) > 0, 0.0, 10.0, 1e-4)


def repetitive(dt, dur=3000.0, last=200.0):
    def sustained(i):
        sp = run_step(i, 10.0, dur, 0.0, dt)
        return any(s > dur - last for s in sp)
    return bisect(sustained, 3.0, 20.0, 1e-4)


# ---------------------------------------------------------------- HH 1952 axon
def velocity(nseg, dt, secondorder=0, length_um=100000.0, xs=(0.3, 0.5, 0.7)):
    """Velocity (m/s) between xs[0] and xs[-1], and over each half (to show it is constant)."""
    ax = h.Section(name="hh_axon")
    ax.L, ax.diam, ax.nseg, ax.Ra, ax.cm = length_um, 476.0, nseg, 35.4, 1.0
    ax.insert("hh")
    ic = h.IClamp(ax(0))
    ic.delay, ic.dur, ic.amp = 0.5, 0.2, 20000.0     # 20 µA for 0.2 ms: a clean single spike
    h.celsius = 18.5
    t = h.Vector().record(h._ref_t)
    vs = [h.Vector().record(ax(x)._ref_v) for x in xs]
    h.dt = dt; h.steps_per_ms = 1.0 / dt; h.secondorder = secondorder
    h.finitialize(-65)
    h.continuerun(6.0)
    h.secondorder = 0
    ts = [crossings(list(t), list(v)) for v in vs]
    assert all(len(c) == 1 for c in ts), ts
    # the recorded nodes are the centres of the segments that hold each x
    pos = [(int(x * nseg) + 0.5) / nseg * length_um for x in xs]
    vel = lambda i, j: (pos[j] - pos[i]) / (ts[j][0] - ts[i][0]) * 1e-3    # µm/ms = mm/s → m/s
    h.delete_section(sec=ax)
    return vel(0, len(xs) - 1), vel(0, 1), vel(1, 2), ts[-1][0] - ts[0][0], pos[-1] - pos[0]


def main():
    res = {"single_compartment": {"L_um": soma.L, "diam_um": soma.diam, "area_um2": soma(0.5).area(),
                                  "nA_per_uA_cm2": NA_PER_UA_CM2, "celsius": 6.3}}
    print(f"single compartment: L = diam = {soma.L:.6f} um, area {soma(0.5).area():.3f} um^2, "
          f"1 uA/cm^2 = {NA_PER_UA_CM2:.6f} nA")

    dts = [0.025] if QUICK else [0.025, 0.01, 0.005]
    res["rheobase_200ms_uA_per_cm2"] = {}
    for dt in dts:
        lo, hi = rheobase(dt)
        res["rheobase_200ms_uA_per_cm2"][str(dt)] = round(0.5 * (lo + hi), 4)
        print(f"rheobase (200 ms step), dt={dt} ms: {lo:.4f}..{hi:.4f} uA/cm^2")
    # what happens either side, for the record
    for i in (2.0, 2.3, 3.0, 5.0, 6.0, 6.5, 8.0, 10.0):
        print(f"  200 ms step of {i:5.2f} uA/cm^2 (dt 0.025): {len(run_step(i, 10.0, 200.0, 20.0, 0.025))} spikes")

    res["repetitive_threshold_uA_per_cm2"] = {}
    for dt in dts:
        lo, hi = repetitive(dt)
        res["repetitive_threshold_uA_per_cm2"][str(dt)] = round(0.5 * (lo + hi), 4)
        print(f"sustained repetitive firing (3000 ms step, spikes in its last 200 ms), dt={dt} ms: "
              f"{lo:.4f}..{hi:.4f} uA/cm^2")
        sp_lo, sp_hi = run_step(lo, 10.0, 3000.0, 0.0, dt), run_step(hi, 10.0, 3000.0, 0.0, dt)
        print(f"  at {lo:.5f}: {len(sp_lo)} spikes, the last at {sp_lo[-1] if sp_lo else 0:.1f} ms into the step; "
              f"at {hi:.5f}: {len(sp_hi)} spikes, rate at the end {1000.0 / (sp_hi[-1] - sp_hi[-2]):.1f} Hz")

    res["conduction_velocity_m_per_s"] = []
    # (nseg, dt, secondorder): 0 is NEURON's default backward Euler, 2 is Crank–Nicolson
    grid = [(1001, 0.025, 0), (2001, 0.01, 0)] if QUICK else \
        [(501, 0.025, 0), (1001, 0.025, 0), (2001, 0.025, 0), (4001, 0.025, 0), (4001, 0.01, 0), (4001, 0.005, 0),
         (8001, 0.005, 0), (8001, 0.0025, 0), (4001, 0.01, 2), (8001, 0.0025, 2)]
    for nseg, dt, so in grid:
        v, v1, v2, dtt, dist = velocity(nseg, dt, so)
        res["conduction_velocity_m_per_s"].append({"nseg": nseg, "dx_um": round(100000.0 / nseg, 3), "dt_ms": dt,
                                                   "secondorder": so, "v": round(v, 4)})
        print(f"conduction velocity, HH axon 476 um, 18.5 C, L 100 mm, nseg {nseg} (dx {100000.0 / nseg:.1f} um), "
              f"dt {dt} ms{' Crank-Nicolson' if so else ''}: x 0.3->0.7 {dist / 1000:.3f} mm in {dtt:.4f} ms = {v:.3f} m/s "
              f"(0.3->0.5 {v1:.3f}, 0.5->0.7 {v2:.3f})")

    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump(res, f, indent=2); f.write("\n")


main()
