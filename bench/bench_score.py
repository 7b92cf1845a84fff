"""Scoring throughput of AMSRC-Net on this machine: cubes/s of the eq. 6 scores per execution setting.

Prints, for plain fp32, channels-last fp32 (what `amsrc_nb.score` uses on a CPU) and, for information,
bf16 autocast with and without channels-last, the cubes/s of inference (forward pass, S_f and S_p) on
random cubes, and how far each setting's scores move from plain fp32 (largest relative change of S_p and of
S_f over the batch). Scoring stays in float32: bf16 is faster but moves single cube scores.

    python bench/bench_score.py [--width 1.0] [--bs 256] [--n 2048] [--channels 1] [--device cpu]

Timings are the best of `--repeats` passes; say in any report when they were taken under contention.
"""
import argparse, time, torch
import torch.nn.functional as F
from amsrc_nb.core import default_device, set_seed, cpu_has_bf16
from amsrc_nb.model import AMSRCNet, n_params

def scores(model, past, flow, tgt, bs, dtype=None, channels_last=False):
    "(S_f, S_p) of every cube, in batches of `bs`"
    fmt = (lambda x: x.contiguous(memory_format=torch.channels_last)) if channels_last else (lambda x: x)
    sf, sp = [], []
    with torch.inference_mode(), torch.autocast(past.device.type, dtype=dtype or torch.float32, enabled=dtype is not None):
        for i in range(0, len(past), bs):
            pred, fa, ff = model(fmt(past[i:i+bs]), fmt(flow[i:i+bs]))
            sf.append(1 - F.cosine_similarity(fa.float().flatten(1), ff.float().flatten(1), dim=1))
            sp.append(((pred.float() - tgt[i:i+bs])**2).flatten(1).sum(1))
    return torch.cat(sf), torch.cat(sp)

def bench(model, past, flow, tgt, bs, repeats, dtype=None, channels_last=False):
    "Best-of-`repeats` cubes/s and the scores of the last pass"
    model = model.to(memory_format=torch.channels_last if channels_last else torch.contiguous_format)
    out = scores(model, past[:bs], flow[:bs], tgt[:bs], bs, dtype, channels_last)   # warm-up
    best = 0.
    for _ in range(repeats):
        if past.device.type == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter()
        out = scores(model, past, flow, tgt, bs, dtype, channels_last)
        if past.device.type == 'cuda': torch.cuda.synchronize()
        best = max(best, len(past)/(time.perf_counter() - t))
    return best, out

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--width', type=float, default=1.); p.add_argument('--bs', type=int, default=256)
    p.add_argument('--n', type=int, default=2048); p.add_argument('--channels', type=int, default=1)
    p.add_argument('--repeats', type=int, default=2); p.add_argument('--device', default=None)
    p.add_argument('--skip-bf16', action='store_true', help='do not time bf16 autocast (very slow on CPUs without bf16 kernels)')
    a = p.parse_args()
    device = default_device(a.device)
    print(f"device {device}, torch {torch.__version__}, threads {torch.get_num_threads()}, native bf16 kernels {cpu_has_bf16()}")
    set_seed(0)
    model = AMSRCNet(a.channels, a.width).to(device).eval()
    print(f"width {a.width}: {n_params(model)/1e6:.2f} M parameters, {a.n} cubes, batch {a.bs}")
    g = torch.Generator().manual_seed(0)
    past = torch.rand(a.n, 4*a.channels, 32, 32, generator=g).to(device)
    flow = torch.randn(a.n, 8, 32, 32, generator=g).to(device)
    tgt = torch.rand(a.n, a.channels, 32, 32, generator=g).to(device)
    rows = [('fp32', None, False), ('fp32 channels-last', None, True)]
    if not a.skip_bf16: rows += [('bf16', torch.bfloat16, False), ('bf16 channels-last', torch.bfloat16, True)]
    ref = None
    for name, dtype, cl in rows:
        v, (sf, sp) = bench(model, past, flow, tgt, a.bs, a.repeats, dtype, cl)
        if ref is None: ref = (sf, sp)
        dp = ((sp - ref[1]).abs()/ref[1].abs().clamp_min(1e-12)).max().item()
        df = ((sf - ref[0]).abs()/ref[0].abs().clamp_min(1e-12)).max().item()
        print(f"{name:20s} {v:7.1f} cubes/s   largest relative change vs fp32: S_p {dp:.1e}, S_f {df:.1e}")

if __name__ == '__main__': main()
