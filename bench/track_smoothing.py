"""Per-object smoothing of saved cube scores: boxes linked frame to frame, each object's score smoothed along its track.

Reads the files `amsrc score` writes (`cube_scores.npz`, `frame_scores.csv`, `metrics.json`) and prints the frame
micro AUROC (raw and median-smoothed) and the per-clip raw AUROC of the default score, S_p and the flow baseline,
as they are and with every box's score replaced by the median (or the causal mean) of its track over `w` frames:

    python bench/track_smoothing.py res/ped2-s42

Tracks: a box continues the track of the unused box of the previous frame it overlaps most, when their IoU reaches
0.3; otherwise it starts a new one. A diagnosis tool on saved scores; nothing in the package depends on it.
"""
import sys
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).parent))
from results_table import load_run, saved_scorer, evaluator
from amsrc_nb.scorers import frame_scores
from amsrc_nb.metrics import auroc

def iou(a, b):
    "Pairwise IoU of boxes a (n, 4) and b (m, 4)"
    x1, y1 = np.maximum(a[:, None, 0], b[None, :, 0]), np.maximum(a[:, None, 1], b[None, :, 1])
    x2, y2 = np.minimum(a[:, None, 2], b[None, :, 2]), np.minimum(a[:, None, 3], b[None, :, 3])
    i = np.clip(x2 - x1, 0, None)*np.clip(y2 - y1, 0, None); area = lambda c: (c[:, 2] - c[:, 0])*(c[:, 3] - c[:, 1])
    return i/(area(a)[:, None] + area(b)[None, :] - i + 1e-9)

def tracks(video, frame, box, thr=.3) -> np.ndarray:
    "A track id per cube: greedy frame-to-frame IoU matching"
    tid, nxt = np.full(len(video), -1), 0
    for v in np.unique(video):
        prev = None
        for t in np.unique(frame[video == v]):
            cur = np.nonzero((video == v) & (frame == t))[0]
            if prev is not None and len(prev):
                M, used = iou(box[cur], box[prev]), np.zeros(len(prev), bool)
                for i in np.argsort(-M.max(1)):
                    j = int(np.argmax(np.where(used, -1, M[i])))
                    if M[i, j] >= thr and not used[j]: tid[cur[i]] = tid[prev[j]]; used[j] = True
            new = cur[tid[cur] < 0]; tid[new] = np.arange(nxt, nxt + len(new)); nxt += len(new)
            prev = cur
    return tid

def along_tracks(c, tid, frame, w:int, kind:str) -> np.ndarray:
    "Each cube's score replaced by the median of its track's w centred scores ('median') or the mean of the last w ('causal')"
    out = c.copy()
    for k in np.unique(tid):
        ii = np.nonzero(tid == k)[0]; ii = ii[np.argsort(frame[ii])]; x = c[ii]
        for a in range(len(ii)):
            seg = x[max(0, a - w + 1):a + 1] if kind == 'causal' else x[max(0, a - w//2):a + w//2 + 1]
            out[ii[a]] = np.mean(seg) if kind == 'causal' else np.median(seg)
    return out

if __name__ == '__main__':
    for run in sys.argv[1:]:
        m, z, st, labels = load_run(run); ev, ds, skip = evaluator(m, st, labels), saved_scorer(m), m['skip']
        tid = tracks(z['video'], z['frame'], z['box'])
        print(f"{run}: {tid.max() + 1} tracks, median track length of a cube {np.median(np.bincount(tid)[tid]):.0f} frames")
        # terms on the run's own scale; a frame without boxes scores every term at 0, as in `amsrc score` and results_table.py
        for name, c, fill in [('default: ' + '+'.join(ds.weights), ds.fuse({t: z[t] for t in ds.weights}), ds.fill()),
                              ('S_p', ds.z('S_p', z['S_p']), ds.fill({'S_p': 1.})), ('flow baseline', z['flow'], 0.)]:
            for w, kind in [(1, 'as is'), (5, 'causal'), (9, 'causal'), (9, 'median')]:
                cc = c if w == 1 else along_tracks(c, tid, z['frame'], w, kind)
                r, fs = ev(cc, fill), frame_scores(st, cc, fill, skip)
                clips = ' '.join(f"{auroc(l, f)*100:5.1f}" for f, l in zip(fs, labels))
                print(f"  {name:28s} {kind:6s} w={w}: raw {r['raw']['micro_auroc']*100:5.1f}  smoothed {r['smoothed']['micro_auroc']*100:5.1f}"
                      f"  per clip raw {clips}", flush=True)
