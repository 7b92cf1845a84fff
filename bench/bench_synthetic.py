"Time synthetic generation and a full sequential read; report the frame-difference AUROC (python bench/bench_synthetic.py [preset ...])"
import sys, time, tempfile
import numpy as np
from sklearn.metrics import roc_auc_score
from amsrc_nb.synthetic import make_synthetic, frame_diff_scores, SYNTH_PRESETS
from amsrc_nb.data import load_dataset

for preset in (sys.argv[1:] or ['default', 'ped2_size']):
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter(); make_synthetic(d, seed=0, preset=preset); t_gen = time.perf_counter() - t0
        t0 = time.perf_counter(); ds = load_dataset('synthetic', root=d); t_open = time.perf_counter() - t0
        n = sum(len(v) for v in ds.train + ds.test)
        t0 = time.perf_counter()
        for v in ds.train + ds.test:
            for _ in v.iter_frames(): pass
        t_read = time.perf_counter() - t0
        y = ds.test_labels()
        auc = {st: roc_auc_score(y, np.concatenate([frame_diff_scores(v, st) for v in ds.test])) for st in ('max', 'mean')}
        s = SYNTH_PRESETS[preset]
        print(f"{preset}: {s.height}x{s.width}, {len(ds.train)} train + {len(ds.test)} test clips, {n} frames; "
              f"generate {t_gen:.1f} s ({1000*t_gen/n:.2f} ms/frame), open {t_open:.2f} s, read all {t_read:.1f} s "
              f"({1000*t_read/n:.2f} ms/frame); anomalous test frames {y.mean():.0%}; "
              f"frame-diff AUROC max {auc['max']:.3f} mean {auc['mean']:.3f}", flush=True)
