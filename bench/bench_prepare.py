"""Benchmark of data preparation (flow, RoIs, cubes): speed, peak memory and RoI quality.

Usage: python bench/bench_prepare.py [--data ped2-dev synthetic] [--workers 2] [--preset medium] [--keep HOME]

Prints, per dataset: frames/s of each stage (per process), total wall time, peak RSS (this process and its
workers), cubes, store size, and RoI quality on test clips with pixel masks (recall of annotated anomalous
objects: >= 50% of a mask component inside one box; share covered whole: >= 95%; boxes per frame).
Every run starts from an empty data home, so nothing is reused from earlier runs.
"""
import argparse, os, resource, shutil, sys, tempfile, time, json
from pathlib import Path

def rss_mb():
    "Peak RSS of this process and of its (finished) children, MB"
    s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024
    return round(s, 1), round(c, 1)

def load(name, home):
    from amsrc_nb.data import load_dataset, ped2_dev_path
    if name == 'ped2-dev':
        p = ped2_dev_path()
        if p is None: return None
        return load_dataset('ped2', root=p)
    if name == 'synthetic':
        from amsrc_nb.synthetic import synthetic_root
        t0 = time.time()
        root = synthetic_root(home=home, preset='ped2_size')
        print(f"  generated Ped2-sized synthetic data in {time.time()-t0:.1f}s")
        return load_dataset('synthetic', root=root)
    raise ValueError(name)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', nargs='+', default=['ped2-dev', 'synthetic'])
    ap.add_argument('--workers', type=int, default=None)
    ap.add_argument('--preset', default='medium', help="DIS preset ('ultrafast', 'fast', 'medium')")
    ap.add_argument('--no-quality', action='store_true')
    ap.add_argument('--keep', default=None, help='data home to use and keep (default: a temporary one)')
    a = ap.parse_args()
    import cv2, numpy as np
    from amsrc_nb.flow import FlowSettings
    from amsrc_nb.roi import video_boxes, roi_quality, roi_settings
    from amsrc_nb.cubes import prepare
    print(f"cpus={os.cpu_count()} load={os.getloadavg()} python={sys.version.split()[0]} opencv={cv2.__version__}")
    results = {}
    for name in a.data:
        home = Path(a.keep or tempfile.mkdtemp(prefix='amsrc-bench-'))
        try:
            print(f"== {name}")
            ds = load(name, home)
            if ds is None: print("  not available, skipped"); continue
            frames = {sp: sum(len(v) for v in getattr(ds, sp)) for sp in ('train', 'test')}
            fs = FlowSettings(dis_preset=a.preset)
            t0 = time.time(); stats = {}
            for sp in ('train', 'test'):
                st = prepare(ds, sp, home=home, flow=fs, show=False, n_workers=a.workers)
                stats[sp] = dict(cubes=len(st), **st.manifest['build'], store_mb=round(st.nbytes()/1e6, 1))
            wall = time.time() - t0
            stage = {}
            for sp in stats:
                for k,v in stats[sp]['stage_s'].items(): stage[k] = stage.get(k, 0) + v
            n = sum(frames.values())
            r = dict(frames=frames, wall_s=round(wall, 1), frames_per_s=round(n/wall, 1),
                     stage_frames_per_s_per_process={k: round(n/v, 1) for k,v in stage.items() if v > 0},
                     stage_s=stage, peak_rss_mb_self_children=rss_mb(),
                     cubes={sp: stats[sp]['cubes'] for sp in stats}, store_mb={sp: stats[sp]['store_mb'] for sp in stats},
                     workers=stats['train']['n_workers'], load_after=os.getloadavg())
            if not a.no_quality and all(v.has_masks for v in ds.test):
                t1 = time.time()
                rs = roi_settings(ds.name)
                r['roi_quality_test'] = roi_quality(ds.test, [video_boxes(v, rs) for v in ds.test])
                r['roi_quality_s'] = round(time.time()-t1, 1)
            results[name] = r
            print(json.dumps(r, indent=1, default=float))
        finally:
            if a.keep is None: shutil.rmtree(home, ignore_errors=True)
    return results

if __name__ == '__main__': main()
