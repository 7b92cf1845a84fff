"""Training throughput of AMSRC-Net on this machine, against the machine's own matmul peak.

Prints, for each execution setting (plain fp32; channels-last fp32; bf16 autocast; the default chosen by
`amsrc_nb.train.fast_settings`; optionally `torch.compile`), the training samples/s of one full optimiser
step (forward, the four loss terms, backward, Adam), the achieved GFLOP/s from the model's counted
forward+backward FLOPs, and the ratio to the best measured matmul GFLOP/s (fp32 and bf16) of the same run.

    python bench/bench_train.py [--width 1.0] [--bs 64] [--steps 5] [--channels 1] [--compile] [--device cpu]

Timings are the best of `--repeats` windows: on a shared machine the best window is the closest to the
hardware's capability. Say in any report that numbers were taken under contention when they were.
"""
import argparse, time, torch
from torch.utils.flop_counter import FlopCounterMode
from amsrc_nb.core import default_device, set_seed, cpu_has_bf16
from amsrc_nb.model import AMSRCNet, n_params
from amsrc_nb.losses import AMSRCLoss, model_l2
from amsrc_nb.train import fast_settings

def matmul_gflops(dtype, device, n=2048, repeats=5):
    "Best-of-`repeats` GFLOP/s of an n x n matmul"
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    c = a @ b
    best = 0.
    for _ in range(repeats):
        k, t = 0, time.perf_counter()
        while True:
            c = a @ b; k += 1
            if device.type == 'cuda': torch.cuda.synchronize()
            if time.perf_counter() - t > 0.5: break
        best = max(best, 2*n**3*k/(time.perf_counter() - t)/1e9)
    return best

def train_flops(model, bs, channels, device):
    "Counted FLOPs of one forward+backward pass per sample"
    past, flow = torch.rand(bs, 4*channels, 32, 32, device=device), torch.randn(bs, 8, 32, 32, device=device)
    with FlopCounterMode(display=False) as fc:
        out = model(past, flow); sum(o.float().sum() for o in out).backward()
    model.zero_grad()
    return fc.get_total_flops()/bs

def bench(width, bs, channels, steps, repeats, device, dtype=None, channels_last=False, compile=False):
    "Best-of-`repeats` training samples/s of a full step"
    set_seed(0)
    model = AMSRCNet(channels, width).to(device)
    if channels_last: model = model.to(memory_format=torch.channels_last)
    fwd = torch.compile(model) if compile else model
    opt, lf = torch.optim.Adam(model.parameters(), 2e-4), AMSRCLoss()
    past, flow = torch.rand(bs, 4*channels, 32, 32, device=device), torch.randn(bs, 8, 32, 32, device=device)
    tgt = torch.rand(bs, channels, 32, 32, device=device)
    if channels_last: past, flow = (t.contiguous(memory_format=torch.channels_last) for t in (past, flow))
    def step():
        with torch.autocast(device.type, dtype=dtype or torch.float32, enabled=dtype is not None):
            out = fwd(past, flow)
        loss = lf(tuple(o.float() for o in out), tgt) + 1e-3*model_l2(model)
        opt.zero_grad(); loss.backward(); opt.step()
    t0 = time.perf_counter(); step(); step()   # warm-up (and compilation)
    warm = time.perf_counter() - t0
    best = 0.
    for _ in range(repeats):
        if device.type == 'cuda': torch.cuda.synchronize()
        t = time.perf_counter()
        for _ in range(steps): step()
        if device.type == 'cuda': torch.cuda.synchronize()
        best = max(best, bs*steps/(time.perf_counter() - t))
    return best, warm

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--width', type=float, default=1.); p.add_argument('--bs', type=int, default=64)
    p.add_argument('--channels', type=int, default=1); p.add_argument('--steps', type=int, default=3)
    p.add_argument('--repeats', type=int, default=3); p.add_argument('--compile', action='store_true')
    p.add_argument('--skip-bf16', action='store_true', help='do not time bf16 autocast (very slow on CPUs without bf16 kernels)')
    p.add_argument('--device', default=None)
    a = p.parse_args()
    device = default_device(a.device)
    print(f"device {device}, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"cpu capability {torch.backends.cpu.get_cpu_capability()}, native bf16 kernels {cpu_has_bf16()}")
    peak32 = matmul_gflops(torch.float32, device)
    peak16 = matmul_gflops(torch.bfloat16, device, n=2048 if device.type == 'cuda' or cpu_has_bf16() else 512, repeats=2)
    print(f"matmul peak: fp32 {peak32:.1f} GFLOP/s, bf16 {peak16:.1f} GFLOP/s")
    m = AMSRCNet(a.channels, a.width).to(device)
    fl = train_flops(m, 4, a.channels, device)
    print(f"model: width {a.width}, C={a.channels}, {n_params(m)/1e6:.2f} M parameters, {fl/1e9:.2f} GFLOP per sample (forward+backward)")
    fs = fast_settings(device)
    runs = [('fp32', dict()), ('fp32 channels-last', dict(channels_last=True))]
    if not a.skip_bf16: runs.append(('bf16 autocast channels-last', dict(dtype=torch.bfloat16, channels_last=True)))
    runs.append((f"default {fs['dtype'] or 'fp32'}{' channels-last' if fs['channels_last'] else ''}", fs))
    if a.compile: runs.append(('default + torch.compile', dict(fs, compile=True)))
    res = []
    for name, kw in runs:
        slow = kw.get('dtype') == torch.bfloat16 and device.type == 'cpu' and not cpu_has_bf16()
        sps, warm = bench(a.width, a.bs, a.channels, 1 if slow else a.steps, 1 if slow else a.repeats, device, **kw)
        res.append((name, kw, sps, warm)); print(f"  {name}: {sps:.1f} samples/s", flush=True)
    # load on a shared machine changes during the run: the peak is the best matmul seen before or after
    peak32 = max(peak32, matmul_gflops(torch.float32, device))
    print(f"matmul fp32 peak, best of before/after: {peak32:.1f} GFLOP/s")
    print(f"{'setting':34s} {'samples/s':>10s} {'x fp32':>7s} {'GFLOP/s':>8s} {'of peak':>8s} {'warm-up s':>9s}")
    base = res[0][2]
    for name, kw, sps, warm in res:
        peak = peak16 if kw.get('dtype') == torch.bfloat16 else peak32
        gf = sps*fl/1e9
        print(f"{name:34s} {sps:10.1f} {sps/base:7.2f} {gf:8.1f} {gf/peak:8.0%} {warm:9.1f}", flush=True)

if __name__ == '__main__': main()
