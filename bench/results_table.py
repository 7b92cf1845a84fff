"""The side-by-side table of the scorers, rebuilt from saved cube scores: no network, no retraining.

Every `amsrc score` run writes `metrics.json`, `cube_scores.npz` (every term of every cube) and
`frame_scores.csv` (the frame labels). This script recomputes, from those files alone, the frame micro AUROC
(raw and median-smoothed) of the default density score, eq. 6 with the published weights, each term alone
and the flow baseline, checks them against what `metrics.json` recorded, and prints mean and range over
the runs of each group:

    python bench/results_table.py ped2-dev=res/ped2-s42,res/ped2-s7,res/ped2-s0 avenue-dev=res/avenue-s42

Each group ends with the cells of its row in the README's results table (default, eq. 6, flow baseline: mean raw
micro AUROC, mean median-smoothed in brackets).
"""
import sys, json, types
from pathlib import Path
import numpy as np, pandas as pd
from amsrc_nb.scorers import frame_scores, fuse, zero_error_score, DensityScorer, DensitySettings
from amsrc_nb.metrics import evaluate

def load_run(d):
    "metrics, cube terms and a store-like view of one results folder"
    d = Path(d); m = json.load(open(d/'metrics.json')); z = dict(np.load(d/'cube_scores.npz'))
    fr = pd.read_csv(d/'frame_scores.csv', dtype={'video': str})
    vids, skip = m['videos'], m['skip']
    n = [int(fr.frame[fr.video == v].max()) + 1 for v in vids]
    labels = [fr.label[fr.video == v].to_numpy() for v in vids]
    st = types.SimpleNamespace(video=z['video'], frame=z['frame'], n_frames=n, settings={'cubes': {'n_past': skip}})
    return m, z, st, labels

def saved_scorer(m):
    "The scorer a run recorded in `metrics.json`, without banks: it puts saved terms on its common scale (z or tail surprise) and fuses them, as `amsrc score` did"
    sc = m['scorer']
    return DensityScorer({}, sc['stats'], sc['weights'], DensitySettings.from_dict(sc['settings']), tails=sc.get('tails'))

def evaluator(m, st, labels):
    "(cube scores, fill of frames without boxes) -> `evaluate` of their frame scores, smoothed as the run was"
    s = m['settings']
    return lambda cube, fill: evaluate(frame_scores(st, cube, fill, m['skip']), labels, s['smoothing'], s['kernel'], s['sigma'])

def rows(m, z, st, labels):
    "name -> (raw, smoothed) micro AUROC recomputed from the cube scores"
    ev, ds = evaluator(m, st, labels), saved_scorer(m)
    out = {}
    out['default: ' + '+'.join(ds.weights)] = ev(ds.fuse({t: z[t] for t in ds.weights}), ds.fill())
    e6 = m['eq6']; out['eq. 6, published weights'] = ev(fuse(z['S_f'], z['S_p'], m['stats'], e6['w_f'], e6['w_p']),
                                                    zero_error_score(m['stats'], e6['w_f'], e6['w_p']))
    for t in ds.stats: out[f'{t} alone'] = ev(ds.z(t, z[t]), ds.fill({t: 1.}))   # as `score_store` fills a frame without boxes
    out['flow baseline (box median)'] = ev(z['flow'], 0.)
    if 'flow_last' in z: out['flow baseline, latest flow only'] = ev(z['flow_last'], 0.)
    return {k: (v['raw']['micro_auroc'], v['smoothed']['micro_auroc']) for k, v in out.items()}

def pick(r, k):
    "Row `k` of one run's `rows` ('default' matches the run's own default, whatever terms it chose)"
    return next(v for kk, v in r.items() if (kk.startswith('default') if k == 'default' else kk == k))

def check(m, r):
    "The recomputed numbers equal the recorded ones"
    rec = {'eq. 6, published weights': m['eq6'], 'flow baseline (box median)': m['baseline'],
           **({'flow baseline, latest flow only': m['baseline_last']} if m.get('baseline_last') and 'flow baseline, latest flow only' in r else {}),
           **{f'{t} alone': v for t, v in m['terms'].items()}}
    rec.update({k: m['amsrc'] for k in r if k.startswith('default')})
    for k, v in rec.items():
        got = r[k]; want = (v['raw']['micro_auroc'], v['smoothed']['micro_auroc'])
        assert np.allclose(got, want, atol=1e-9), f"{k}: recomputed {got}, recorded {want}"

if __name__ == '__main__':
    for arg in sys.argv[1:]:
        group, dirs = arg.split('=')
        runs = []
        for d in dirs.split(','):
            m, z, st, lab = load_run(d); r = rows(m, z, st, lab); check(m, r); runs.append((Path(d).name, m, r))
        print(f"\n{group}: {len(runs)} run(s) ({', '.join(n for n, _, _ in runs)}); frame micro AUROC x100, mean (range)")
        print(f"  default terms per run: {'; '.join(n + ' ' + '+'.join(m['scorer']['weights']) for n, m, _ in runs)}")
        names = ['default'] + [k for k in runs[0][2] if not k.startswith('default') and all(k in r for _, _, r in runs)]
        for k in names:
            vals = np.array([pick(r, k) for _, _, r in runs])*100
            f = lambda c: f"{c.mean():5.1f} ({c.min():.1f}-{c.max():.1f})" if len(c) > 1 else f"{c[0]:5.1f}"
            print(f"  {k:32s} raw {f(vals[:, 0])}   smoothed {f(vals[:, 1])}")
        bm = np.array([[m['baseline_mean'][x]['micro_auroc'] for x in ('raw', 'smoothed')] for _, m, _ in runs])*100
        print(f"  {'flow baseline (box mean, before)':32s} raw {bm[:, 0].mean():5.1f}         smoothed {bm[:, 1].mean():5.1f}")
        print("  recomputed numbers match metrics.json: yes")
        mean = lambda k: np.mean([pick(r, k) for _, _, r in runs], 0)*100
        print('  README cells: | ' + ' | '.join(f"{m[0]:.1f} ({m[1]:.1f})" for m in map(mean, ('default', 'eq. 6, published weights', 'flow baseline (box median)'))) + ' |')
