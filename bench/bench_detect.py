"""Throughput of `amsrc_nb.detect.detect` on a video (end to end: decode, background, flow, RoIs, cubes, network, scoring, outputs).

usage: python bench/bench_detect.py [--frames 300] [--width 1.0] [--threads 2] [--model CKPT] [--video PATH] [--roi PRESET]
                                   [--size HxW] [--dataset NAME --root DIR] [--levers] [--no-memory]

Without --model an untrained AMSRCNet of the given width with unit statistics is used: the compute is the
same as a trained model's; --roi picks its RoI preset (e.g. ped2, which cuts crowds into tiles). Without --video a
synthetic 240x360 clip with several moving people-sized squares is generated (the RoI finder then returns boxes on
every frame, like on Ped2); --size makes it another size with the squares scaled alike (Avenue: 360x640,
ShanghaiTech: 480x856).

Prints the per-stage breakdown `detect` measures (ms per frame), frames per second and boxes per frame. With
--dataset/--root, --video must be one of that dataset's test videos (a frame folder or a video file): the clip is
also scored the way `amsrc score` scores it (prepared into a cube store, then `amsrc_nb.score.score_store`) and the
largest |detect - score| frame-score difference is printed. --levers times the same clip with each speed lever
turned off in turn. Ends with a constant-memory check (tracemalloc peak for a short and a 3x longer clip). The load
average is printed before and after: timings taken beside other jobs are slower than on an idle machine.
"""
import argparse, time, tempfile, tracemalloc, os
from pathlib import Path
import numpy as np, cv2, torch

STAGES = ('decode', 'background', 'flow', 'rois', 'cubes', 'network', 'scoring', 'output')

def clip(n, shape=(240, 360), seed=0):
    "Moving textured blobs on a textured background, laid out for 240x360 (Ped2 size) and scaled to `shape`"
    from amsrc_nb.flow import moving_squares
    sq = ((60, 10, 30, 2, 0), (120, 300, 34, -2, 0), (30, 200, 22, 1, 1), (170, 80, 40, 1, -0.3), (90, 150, 26, -1, 0.5))
    fy, fx = shape[0]/240, shape[1]/360
    sq = tuple((y*fy, x*fx, round(side*fy), dx*fy, dy*fy) for y, x, side, dx, dy in sq)
    return moving_squares(n, shape, sq, texture=True, seed=seed)

def hxw(s):
    "argparse type of --size: 'HxW' -> (H, W)"
    try: h, w = (int(v) for v in s.lower().split('x'))
    except ValueError: raise argparse.ArgumentTypeError(f"--size must be HxW in pixels, e.g. 360x640, not {s!r}")
    if min(h, w) < 64: raise argparse.ArgumentTypeError(f"--size {s}: both sides must be at least 64 pixels")
    return h, w

def load() -> str: return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"

def breakdown(r) -> str:
    "Per-stage ms per frame of a `DetectResult`"
    tm, n = getattr(r, 'timings', None) or {}, max(len(r), 1)
    return ', '.join(f"{k} {1000*tm[k]/n:.1f}" for k in STAGES if k in tm) + ' ms/frame'

def run(src, det, out, a, threads=None, **kw):
    "`detect` on `src` with `threads` torch threads; also returns process and main-thread CPU ms per frame"
    from amsrc_nb.detect import detect
    old = torch.get_num_threads(); torch.set_num_threads(threads or a.threads)
    c, m = time.process_time(), time.thread_time()
    try: r = detect(src, det, out=out, write_video=not a.no_video_out, batch_frames=a.batch_frames, show=False, **kw)
    finally: torch.set_num_threads(old)
    n = max(len(r), 1)
    return r, 1000*(time.process_time()-c)/n, 1000*(time.thread_time()-m)/n

def cpu_line(cpu, main) -> str:
    return (f"CPU {cpu:.1f} ms/frame, main thread {main:.1f}, the rest (network thread, OpenCV threads) {cpu-main:.1f}: "
            f"on 2 idle cores at most ~{1000/max(main, cpu-main, cpu/2, 1e-9):.0f} fps")

def diff_line(r, ref) -> str:
    if ref is None: return ''
    got = r.scores[-len(ref):] if len(ref) else r.scores[:0]
    if len(got) != len(ref): return f"detect scored {len(got)} frames, score {len(ref)}"
    return f"max |detect - score| {np.abs(got - ref).max():.2e} ({np.abs(got - ref).max()/np.abs(ref).max():.1e} of the largest score)"

def network_levers(det, n:int=152, reps:int=9):
    "The network alone on `n` random cubes: fp32 as `amsrc score` runs it, NCHW, BatchNorm folded, bf16 autocast"
    from amsrc_nb.detect import _inference_net
    P, S = int(det.cubes['n_past']), int(det.cubes['size']); C = int(det.cubes['channels'])
    g = torch.Generator().manual_seed(0)
    past, fl = torch.rand(n, P*C, S, S, generator=g), torch.randn(n, 2*P, S, S, generator=g)
    cl = lambda x: x.contiguous(memory_format=torch.channels_last)
    def scores(m, x, f, bf16=False):
        with torch.inference_mode(), torch.autocast('cpu', torch.bfloat16, enabled=bf16):
            pred, fa, ff = m(x, f)
        return torch.cat([(1 - torch.nn.functional.cosine_similarity(fa.float().flatten(1), ff.float().flatten(1))),
                          ((pred.float() - x[:, -C:].float())**2).flatten(1).sum(1)])
    import copy
    nchw = copy.deepcopy(det.model).to(memory_format=torch.contiguous_format)
    cases = {'fp32 channels-last (amsrc score)': (det.model, cl(past), cl(fl), False),
             'fp32 NCHW': (nchw, past, fl, False),
             'fp32 channels-last, BN folded (detect)': (_inference_net(det.model, True), cl(past), cl(fl), False),
             'bf16 autocast channels-last': (det.model, cl(past), cl(fl), True)}
    ref = scores(*cases['fp32 channels-last (amsrc score)'])
    outs = {k: scores(*c) for k, c in cases.items()}      # (also the warm-up)
    ts = {k: [] for k in cases}
    for _ in range(reps):                                  # interleaved: the other jobs on the machine slow every case alike
        for k, c in cases.items():
            t = time.perf_counter(); scores(*c); ts[k].append(time.perf_counter() - t)
    for k, out in outs.items():
        rel = ((out - ref).abs() / ref.abs().clamp_min(1e-12)).max().item()
        v = sorted(ts[k])
        print(f"  network {k:40s} {1000*v[reps//2]/n:.2f} ms/cube median, {1000*v[0]/n:.2f} best (batch {n}, "
              f"{torch.get_num_threads()} threads), largest relative change of S_f/S_p {rel:.1e}")

def score_side(det, dataset, root, video_name, home):
    "Frame scores of test video `video_name` as `amsrc score` computes them: prepared into a cube store, then `score_store`"
    from amsrc_nb.data import load_dataset
    from amsrc_nb.cubes import prepare
    from amsrc_nb.score import score_store
    ds = load_dataset(dataset, root=root)
    vids = [v for v in ds.test if v.vid == video_name]
    if not vids: raise SystemExit(f"--video {video_name!r} is not a test video of {dataset} at {root}: {[v.vid for v in ds.test]}")
    st = prepare(vids, 'test', home=home, flow=det.flow, roi=det.roi, cubes=det.cubes, show=False, n_workers=1)
    res = score_store(det.model, st, det.stats, det.score, device=det.device, baseline=False, show=False, other_weights={},
                      density=det.density)
    counts = np.bincount(np.asarray(st.frame), minlength=st.n_frames[0])[res['skip']:]   # boxes per scored frame
    return res['frames'][0], res['skip'], counts

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--frames', type=int, default=300); ap.add_argument('--width', type=float, default=1.0)
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--model'); ap.add_argument('--video')
    ap.add_argument('--no-video-out', action='store_true'); ap.add_argument('--batch-frames', type=int, default=8)
    ap.add_argument('--roi', help='RoI preset of the untrained model (default: generic RoISettings())')
    ap.add_argument('--size', type=hxw, default=(240, 360), help='HxW of the generated clip (default: Ped2 size)')
    ap.add_argument('--dataset', help='dataset whose test video --video is (ped2, avenue, ...): also score it as `amsrc score` does')
    ap.add_argument('--root', help='folder of --dataset')
    ap.add_argument('--levers', action='store_true', help='also time the clip with each speed lever off')
    ap.add_argument('--no-memory', action='store_true', help='skip the constant-memory check')
    a = ap.parse_args()
    shape = a.size
    torch.set_num_threads(a.threads); cv2.setNumThreads(a.threads)
    from amsrc_nb.detect import detect, Detector, write_video, VideoSource
    from amsrc_nb.model import AMSRCNet
    from amsrc_nb.roi import roi_settings
    torch.manual_seed(0)
    det = Detector.from_checkpoint(a.model, device='cpu') if a.model else \
          Detector(AMSRCNet(width=a.width), dict(u_f=0., d_f=1., u_p=0., d_p=1.), roi=roi_settings(a.roi) if a.roi else None,
                   device='cpu', name=f'untrained width {a.width}, RoIs {a.roi or "generic"}')
    print(det, f"| torch threads {torch.get_num_threads()} | {load()}")
    ref = None
    with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as home:
        src = a.video or write_video(clip(a.frames, shape), Path(d)/'bench.mp4')
        vs = VideoSource(src); print(vs)
        if a.dataset:   # the clip as `amsrc score` scores it (prepared into a cube store, then score_store)
            t = time.perf_counter()
            ref, skip, counts = score_side(det, a.dataset, a.root, vs.name, home)
            print(f"score side: {counts.sum()} cubes, frame scores {ref.min():.3f} .. {ref.max():.3f} ({time.perf_counter()-t:.0f}s)")
        r, cpu, main = run(src, det, Path(d)/'out', a)
        nb = np.mean([len(b) for b in r.boxes[4:]]) if len(r) > 4 else 0.
        print(f"END-TO-END: {len(r)} frames of {vs.shape[0]}x{vs.shape[1]} in {r.seconds:.1f}s = {r.fps:.1f} fps, {nb:.1f} boxes/frame "
              f"(decoding, background pass, flow, RoIs, cubes, network, scoring, CSV/plot{'' if a.no_video_out else '/annotated video'})")
        print(f"  stages: {breakdown(r)}  (wall time; the network runs in its own thread beside the other stages)")
        print(f"  {cpu_line(cpu, main)} | {load()}")
        if ref is not None:
            got = r.scores[skip:]; diff = np.abs(got - ref)
            print(f"DETECT vs SCORE on {a.dataset} {vs.name}: largest |detect - score| frame-score difference {diff.max():.2e} "
                  f"= {diff.max()/np.abs(ref).max():.1e} of the largest |score| (mean {diff.mean():.1e}; frames whose box counts differ: {sum(len(b) != c for b, c in zip(r.boxes[skip:], counts))})")
        if a.levers:
            from amsrc_nb.flow import FlowSettings
            H, W = vs.shape
            for name, kw in (('no overlap (one thread does everything)', dict(overlap=False)),
                             ('no overlap, 1 torch thread', dict(overlap=False, threads=1)),
                             ('no BN folding', dict(fold_bn=False)),
                             ('neither (the loop before)', dict(overlap=False, fold_bn=False)),
                             ('flow at half size', dict(flow=det.flow.update(size=(W//2, H//2))))):
                kw = dict(kw); fold = kw.pop('fold_bn', True); flow = kw.pop('flow', det.flow)
                dl = Detector(det.model, det.stats, flow, det.roi, det.cubes, det.score, det.device, det.name, det.density, fold_bn=fold)
                rl, c, m = run(src, dl, Path(d)/'lever', a, **kw)
                print(f"  lever: {name:40s} {rl.fps:5.1f} fps | {breakdown(rl)} | CPU {c:.1f} ms/frame (main {m:.1f}) | "
                      f"{diff_line(rl, ref)} | {load()}")
            torch.set_num_threads(1); network_levers(det); torch.set_num_threads(a.threads)   # one thread: as in the network thread
        if not a.no_memory:   # constant memory: tracemalloc peak for a short and a 3x longer video
            peaks = {}
            for n in (60, 180):
                p = write_video(clip(n, shape, seed=1), Path(d)/f'm{n}.mp4')
                tracemalloc.start(); detect(p, det, out=Path(d)/f'o{n}', show=False); peaks[n] = tracemalloc.get_traced_memory()[1]; tracemalloc.stop()
            print("tracemalloc peak (numpy/python, MB): " + ', '.join(f"{n} frames {v/2**20:.1f}" for n, v in peaks.items()))

if __name__ == '__main__': main()
