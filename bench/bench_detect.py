"""Throughput of `amsrc_nb.detect.detect` on a generated 240x360 clip, or of another --size (end to end: decode, flow, RoIs, cubes, model, annotated video).

usage: python bench/bench_detect.py [--frames 300] [--width 1.0] [--threads 2] [--model CKPT] [--video PATH] [--roi PRESET]
                                   [--size HxW]

Without --model an untrained AMSRCNet of the given width with unit statistics is used: the compute is the
same as a trained model's; --roi picks its RoI preset (e.g. ped2, which cuts crowds into tiles). Without --video a synthetic 240x360 clip with several moving people-sized
squares is generated (the RoI finder then returns boxes on every frame, like on Ped2); --size makes it another
size with the squares scaled alike (Avenue: 360x640, ShanghaiTech: 480x856).
Also prints a per-stage breakdown (flow, boxes, cubes+model) and a constant-memory check (tracemalloc peak).
"""
import argparse, time, tempfile, tracemalloc, os
from pathlib import Path
import numpy as np, cv2, torch

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

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--frames', type=int, default=300); ap.add_argument('--width', type=float, default=1.0)
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--model'); ap.add_argument('--video')
    ap.add_argument('--no-video-out', action='store_true'); ap.add_argument('--batch-frames', type=int, default=8)
    ap.add_argument('--roi', help='RoI preset of the untrained model (default: generic RoISettings())')
    ap.add_argument('--size', type=hxw, default=(240, 360), help='HxW of the generated clip (default: Ped2 size)')
    a = ap.parse_args()
    shape = a.size
    torch.set_num_threads(a.threads); cv2.setNumThreads(a.threads)
    from amsrc_nb.detect import detect, Detector, write_video, VideoSource
    from amsrc_nb.model import AMSRCNet
    from amsrc_nb.flow import get_flow_fn
    from amsrc_nb.roi import BoxFinder, roi_settings
    det = Detector.from_checkpoint(a.model, device='cpu') if a.model else \
          Detector(AMSRCNet(width=a.width), dict(u_f=0., d_f=1., u_p=0., d_p=1.), roi=roi_settings(a.roi) if a.roi else None,
                   device='cpu', name=f'untrained width {a.width}, RoIs {a.roi or "generic"}')
    print(det, f"| torch threads {torch.get_num_threads()} | load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as d:
        src = a.video or write_video(clip(a.frames, shape), Path(d)/'bench.mp4')
        vs = VideoSource(src); print(vs)
        # stage breakdown
        grays = list(vs.iter_frames(gray=True))[:100]
        ff = get_flow_fn(det.flow); t = time.perf_counter()
        flows = [ff(grays[i-1], grays[i]) for i in range(1, len(grays))]; t_flow = (time.perf_counter()-t)/len(flows)
        bf = BoxFinder(det.roi, np.median(np.stack(grays[::4]), 0).astype(np.uint8)); t = time.perf_counter()
        bxs = [bf(g) for g in grays]; t_box = (time.perf_counter()-t)/len(grays)
        nb = np.mean([len(b) for b in bxs[4:]])
        print(f"per frame: flow {1000*t_flow:.1f} ms ({det.flow.backend}/{det.flow.dis_preset}), boxes {1000*t_box:.1f} ms, {nb:.1f} boxes/frame")
        # end to end
        r = detect(src, det, out=Path(d)/'out', write_video=not a.no_video_out, batch_frames=a.batch_frames, show=False)
        print(f"END-TO-END: {len(r)} frames of {vs.shape[0]}x{vs.shape[1]} in {r.seconds:.1f}s = {r.fps:.1f} fps "
              f"(includes decoding, background pass, flow, RoIs, cubes, model, CSV/plot/annotated video)")
        # constant memory: tracemalloc peak for a short and a 3x longer video
        peaks = {}
        for n in (60, 180):
            p = write_video(clip(n, shape, seed=1), Path(d)/f'm{n}.mp4')
            tracemalloc.start(); detect(p, det, out=Path(d)/f'o{n}', show=False); peaks[n] = tracemalloc.get_traced_memory()[1]; tracemalloc.stop()
        print("tracemalloc peak (numpy/python, MB): " + ', '.join(f"{n} frames {v/2**20:.1f}" for n, v in peaks.items()))

if __name__ == '__main__': main()
