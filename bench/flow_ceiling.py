"""What the network's terms add to the flow, from saved cube scores: the flow term plus w times one other term.

For every run folder that `amsrc score` wrote (`cube_scores.npz`, `frame_scores.csv`, `metrics.json`) this prints
the frame micro AUROC x100 (raw / median-smoothed) of `z(flow) + w*z(term)` for each term and each weight `w`,
with the terms on the scorer's own scale (`z` or tail surprise, as it was fitted). `w = 0` is the flow term alone,
which ranks frames as the flow baseline does; a term that carries something the flow lacks lifts some `w > 0` above it:

    python bench/flow_ceiling.py res/ped2-s42 res/ped2-s7 res/ped2-s0

It reads test scores at every weight, so it is a diagnosis of what the terms could give at best, not a way to choose
a weight: the package chooses its terms on held-out normal videos (`fit_scorer`).
"""
import sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parent))
from results_table import load_run, saved_scorer, evaluator
from amsrc_nb.scorers import NET_TERMS

WEIGHTS = (0., .05, .1, .2, .3, .5, 1.)

def ceiling(d, weights=WEIGHTS):
    "term -> [(w, raw, smoothed)] for `z(flow) + w*z(term)` on the saved cube scores of one run"
    m, z, st, labels = load_run(d); ds, e = saved_scorer(m), evaluator(m, st, labels)
    ev = lambda c, fill: (lambda r: (r['raw']['micro_auroc']*100, r['smoothed']['micro_auroc']*100))(e(c, fill))
    terms = [t for t in ds.stats if t in NET_TERMS and t in z] + [t for t in ('knn_vel', 'flow_last') if t in ds.stats and t in z]
    terms = [t for t in terms if np.ptp(z[t]) > 0]   # a model without the flow stream has S_f and knn_flow at zero
    f = ds.z('flow', z['flow'])
    return {t: [(w, *ev(f + w*ds.z(t, z[t]), ds.fill({'flow': 1., t: w}))) for w in weights] for t in terms}

if __name__ == '__main__':
    for d in sys.argv[1:]:
        r = ceiling(d); base = r[next(iter(r))][0][1:]
        print(f"\n{Path(d).name}: flow + w*term, frame micro AUROC x100 raw/smoothed (w = 0: the flow term alone, {base[0]:.1f}/{base[1]:.1f})")
        print(f"  {'term':10s} " + ' '.join(f"{'w=' + format(w, 'g'):>11s}" for w in WEIGHTS) + "   ahead of w=0 on both")
        for t, rows in r.items():
            ahead = [w for w, a, b in rows if w and a > base[0] and b > base[1]]
            print(f"  {t:10s} " + ' '.join(f"{a:5.1f}/{b:5.1f}" for _, a, b in rows) + f"   {', '.join(format(w, 'g') for w in ahead) or 'none'}")
