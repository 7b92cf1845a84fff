"""The flow baseline under different poolings of a cube's flow: which flows of the cube, and how a box's pixels are pooled.

A cube holds frame t's box over its `n_past` flows, oldest first; an object that moves fast enters that box only
in the latest flows. This prints, per test store, the baseline's frame micro AUROC (raw and median-smoothed) with
the box median (or mean) over all flows, the latest two and the latest one, and per clip the raw AUROC. It builds
(or reuses) the default test stores; no network is involved:

    python bench/flow_pooling.py ped2=/path/to/ped2-dev avenue=/path/to/avenue-dev --home data

Only the shared stages are measured here (test labels are read, as for every baseline number); the network's scorer
chooses its terms without them (`fit_scorer`).
"""
import argparse
import numpy as np
from amsrc_nb.data import load_dataset
from amsrc_nb.cubes import prepare
from amsrc_nb.scorers import flow_magnitude, frame_scores, frame_labels, store_n_past
from amsrc_nb.metrics import evaluate, auroc

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('data', nargs='+', help='name=root pairs, e.g. ped2=/data/ped2-dev')
    p.add_argument('--home', default=None, help='data home (caches)')
    a = p.parse_args(argv)
    for arg in a.data:
        name, root = arg.split('=')
        ds = load_dataset(name, root=root, home=a.home)
        st = prepare(ds, 'test', home=a.home, show=False)
        skip = store_n_past(st); labels = frame_labels(st, skip); P = st.flow.shape[1]
        print(f"\n{name} ({root}): {len(st.video)} cubes, {len(st.video)/max(sum(st.n_frames), 1):.1f} per frame; frame micro AUROC x100 raw / smoothed; per clip raw")
        for q, qn in ((50., 'median'), (None, 'mean')):
            for last in (None, 2, 1):
                fr = frame_scores(st, flow_magnitude(st, q=q, last=last), fill=0., skip=skip)
                m = evaluate(fr, labels)
                clips = ' '.join(f"{v} {100*auroc(l, s):.1f}" for v, s, l in zip(st.videos, fr, labels) if 0 < np.mean(l) < 1)
                which = f"all {P} flows" if last is None else f"latest {last}"
                print(f"  box {qn:6s} {which:12s} {100*m['raw']['micro_auroc']:5.1f} / {100*m['smoothed']['micro_auroc']:5.1f}   {clips}")

if __name__ == '__main__': main()
