"""Peak memory of scoring (`amsrc_nb.score.score`, what `amsrc score` runs) for two sizes of one test split.

Each scoring run is a child process; its peak resident set size is read from `os.wait4` (the same number as
`/usr/bin/time -v`'s "Maximum resident set size": anonymous memory plus the pages of shared libraries and
memory-mapped cube stores it touched). Per size it scores twice: `first` scores a fresh copy of the model, so the
density scorer is fitted (kNN banks from training cubes, held-out validation videos), as the first score of a model
does; `again` scores that copy a second time and reads the fitted scorer from beside it. Stores, flow and the
training statistics are prepared beforehand in a separate, unmeasured process. A last child only imports the
package: the floor under every number.

    python bench/bench_score_memory.py                                   # synthetic: 6 of 30 test videos vs all 30
    python bench/bench_score_memory.py --data ped2 --root PED2_DEV --model MODEL.pth   # test clip 01 vs all test clips

`--model` defaults (synthetic only) to a quarter-width model trained for one epoch in the bench's data home.
Cube scores and metrics of every run stay under `<home>/results/` (`--keep` names another folder) for comparing runs.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, textwrap, time
from pathlib import Path

CHILD = textwrap.dedent('''
    import json, sys, time
    a = json.loads(sys.argv[1]); t0 = time.time()
    from amsrc_nb.data import load_dataset
    from amsrc_nb.synthetic import synthetic_root
    def dataset():
        root = synthetic_root(home=a['home'], n_test=a['n_test']) if a['data'] == 'synthetic' else a['root']
        ds = load_dataset(a['data'], root=root, home=a['home'])
        if a.get('n_videos'): ds.test = ds.test[:a['n_videos']]
        return ds
    if a['job'] == 'import':
        import amsrc_nb.score
    elif a['job'] == 'train':
        from amsrc_nb.train import train
        learn = train(dataset(), epochs=1, width=.25, seed=0, out=a['model'], home=a['home'], show=False)
    elif a['job'] == 'prepare':   # everything scoring reuses from the caches: stores, flow, training statistics
        from amsrc_nb.cubes import prepare
        from amsrc_nb.model import load_checkpoint, load_model
        from amsrc_nb.scorers import checkpoint_prepare_kw, model_stats
        from amsrc_nb.validate import pseudo_stores, validation_videos
        ds, ck = dataset(), load_checkpoint(a['model'])
        kw = checkpoint_prepare_kw(ck)
        trn = prepare(ds, 'train', home=a['home'], show=False, **kw)
        for n in a['sizes']:
            d = dataset(); d.test = d.test[:n]; prepare(d, 'test', home=a['home'], show=False, **kw)
        pseudo_stores(validation_videos(ds, ck), home=a['home'], show=False, **kw)
        model_stats(load_model(a['model']), a['model'], trn, show=False)
    else:
        from amsrc_nb.score import score
        info = score(dataset(), a['model'], home=a['home'], out_dir=a['out'], show=False)
        print(json.dumps(dict(micro_auroc=info['amsrc']['raw']['micro_auroc'], n_videos=len(info['videos']),
                              n_frames=sum(d['n_frames'] for d in info['per_video'].values()), time_s=round(time.time() - t0, 1))))
''')

def child(args:dict, log:Path) -> tuple:
    "Run one child job; (peak RSS in MiB, wall seconds, last stdout line)"
    t = time.time()
    with open(log, 'w') as f:
        p = subprocess.Popen([sys.executable, '-c', CHILD, json.dumps(args)], stdout=f, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    out = log.read_text().strip().splitlines()
    if p.returncode: raise RuntimeError(f"child {args['job']} failed ({p.returncode}); see {log}:\n" + '\n'.join(out[-15:]))
    return ru.ru_maxrss/1024, time.time() - t, (out[-1] if out else '')

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='synthetic', choices=('synthetic', 'ped2'))
    p.add_argument('--root', default=None, help='dataset folder (ped2)')
    p.add_argument('--model', default=None, help='checkpoint to score (default for synthetic: trained here)')
    p.add_argument('--home', default=str(Path(tempfile.gettempdir())/'amsrc-bench-score-memory'), help='data home (caches)')
    p.add_argument('--n-test', type=int, default=30, help='synthetic: test videos generated')
    p.add_argument('--small', type=int, default=None, help='test videos of the small size (default: 6 synthetic, 1 ped2)')
    p.add_argument('--keep', default=None, help='folder for the results of every run (default: <home>/results/)')
    a = p.parse_args()
    if a.data == 'ped2' and (a.root is None or a.model is None): p.error('--data ped2 needs --root and --model')
    home = Path(a.home); home.mkdir(parents=True, exist_ok=True)
    keep = Path(a.keep) if a.keep else home/'results'; keep.mkdir(parents=True, exist_ok=True)
    base = dict(data=a.data, root=a.root, home=str(home), n_test=a.n_test)
    model = Path(a.model) if a.model else home/'model-synthetic'/'last.pth'   # what `train()` writes
    if not model.exists():
        if a.data != 'synthetic': p.error(f'{model}: no such checkpoint')
        print(f'training a quarter-width synthetic model for one epoch ({model.parent}) ...', flush=True)
        child(dict(base, job='train', model=str(model.parent)), home/'train.log')
    small = a.small or (6 if a.data == 'synthetic' else 1)
    sizes = [small, None]
    t = time.time()
    child(dict(base, job='prepare', model=str(model), sizes=[small, 10**6]), home/'prepare.log')
    print(f'stores, flow and statistics prepared ({time.time() - t:.0f} s, not measured)', flush=True)
    rows = []
    for n in sizes:
        tag = f'{a.data}-{n or "all"}'
        d = Path(tempfile.mkdtemp(prefix=f'model-{tag}-', dir=home))   # a fresh copy: the first score fits the scorer
        for f in model.parent.glob(model.name + '*'):
            if not f.name.endswith(('.scorer.npz', '.weights.json')): shutil.copy(f, d/f.name)
        r = dict(size=tag)
        for run in ('first', 'again'):
            out = keep/f'{tag}-{run}'
            peak, wall, last = child(dict(base, job='score', model=str(d/model.name), n_videos=n, out=str(out)), home/f'{tag}-{run}.log')
            info = json.loads(last)
            r.update({f'{run}_peak_mib': round(peak), f'{run}_s': round(wall)}, n_videos=info['n_videos'], n_frames=info['n_frames'],
                     micro_auroc=round(info['micro_auroc'], 4), cubes=_cubes(out))
            print(f"{tag:14s} {run:5s}: peak RSS {peak:6.0f} MiB, {wall:5.0f} s ({info['n_videos']} test videos, "
                  f"{info['n_frames']} frames, {r['cubes']} cubes)", flush=True)
        rows.append(r); shutil.rmtree(d)
    floor, _, _ = child(dict(base, job='import'), home/'import.log')
    print(f"\n{'test split':14s} {'videos':>6s} {'frames':>7s} {'cubes':>7s} {'first score':>12s} {'again':>7s}  (peak RSS, MiB)")
    for r in rows:
        print(f"{r['size']:14s} {r['n_videos']:6d} {r['n_frames']:7d} {r['cubes']:7d} {r['first_peak_mib']:12d} {r['again_peak_mib']:7d}")
    print(f"importing amsrc_nb.score alone: {floor:.0f} MiB")
    print(json.dumps(dict(rows=rows, import_mib=round(floor))))

def _cubes(out:Path) -> int:
    import numpy as np
    with np.load(out/'cube_scores.npz') as z: return int(len(z['video']))

if __name__ == '__main__': main()
