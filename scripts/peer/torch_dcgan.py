#!/usr/bin/env python3
# The team's PyTorch reference ("the peer"), copied into this repository unchanged below this
# header so that the scripts that run it (scripts/bench-vs-peer.sh, perf-matrix.sh,
# perf-experiments.sh) need nothing outside it. It came from the team's shared peers folder
# (shared/peers/torch_dcgan.py, beside the project's checkout) on 2026-12-07; the measurements in
# docs/performance.md and docs/evaluation.md were taken with that file.
"""PyTorch peer: the TensorFlow DCGAN tutorial's model (28x28x1), for side-by-side comparisons.

Setup (Debian): apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread
Run with Debian's interpreter (/usr/bin/python3; a pyenv python3 cannot see Debian's packages).

  bench: times N training steps on random data after W warm-ups, prints one JSON line
      /usr/bin/python3 torch_dcgan.py bench [--threads 2] [--batch 256] [--steps 20] [--warmup 3]
      /usr/bin/python3 torch_dcgan.py bench --arch dcgan --size 64 --channels 3 --batch 128   # pytorch/examples nets
  train: trains on MNIST IDX files, then writes --samples N generated images as raw
         little-endian float32 NHWC in [0, 1] to --out
      /usr/bin/python3 torch_dcgan.py train --mnist DIR --epochs 5 --out samples.f32

--schedule alternating (default) is the pytorch/examples dcgan step: a D update on real and
detached fake, then a G update through the updated D on the same fake (one G forward).
--schedule simultaneous is the TF tutorial's train_step: one forward, both gradients, both updates.
"""
import argparse
import json
import os
import time
import gzip

# OpenBLAS (Debian libopenblas0-pthread) spawns its own threads; inside torch's OpenMP-parallel
# slow_conv_transpose2d that oversubscribes 2 cores and halves throughput. Override from the shell if wanted.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch
import torch.nn as nn
import torch.nn.functional as F

# Keras defaults used by the tutorial: LeakyReLU alpha=0.3; BatchNormalization momentum=0.99, epsilon=1e-3
LRELU = 0.3
BN = dict(momentum=0.01, eps=1e-3)  # PyTorch momentum = 1 - Keras momentum


class Generator(nn.Module):
    def __init__(self, noise_dim=100):
        super().__init__()
        self.fc = nn.Linear(noise_dim, 7 * 7 * 256, bias=False)
        self.bn0 = nn.BatchNorm1d(7 * 7 * 256, **BN)
        # padding='same': stride 1 -> padding 2; stride 2 -> padding 2 + output_padding 1 (doubles H, W)
        self.ct1 = nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False)
        self.bn1 = nn.BatchNorm2d(128, **BN)
        self.ct2 = nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(64, **BN)
        self.ct3 = nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False)

    def forward(self, z):
        x = F.leaky_relu(self.bn0(self.fc(z)), LRELU)
        x = x.view(-1, 256, 7, 7)                               # Reshape (7, 7, 256), channels-first
        x = F.leaky_relu(self.bn1(self.ct1(x)), LRELU)          # 7x7x128
        x = F.leaky_relu(self.bn2(self.ct2(x)), LRELU)          # 14x14x64
        return torch.tanh(self.ct3(x))                          # 28x28x1


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 64, 5, stride=2, padding=2)      # 28 -> 14
        self.c2 = nn.Conv2d(64, 128, 5, stride=2, padding=2)    # 14 -> 7
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(128 * 7 * 7, 1)

    def forward(self, x):
        x = self.drop(F.leaky_relu(self.c1(x), LRELU))
        x = self.drop(F.leaky_relu(self.c2(x), LRELU))
        return self.fc(torch.flatten(x, 1))                    # logits


class PaperGenerator(nn.Module):
    """pytorch/examples dcgan's netG (4x4 kernels, stride 2), for --arch dcgan at --size 32 or 64."""
    def __init__(self, nz=100, ngf=64, nc=3, size=64):
        super().__init__()
        mults = [8, 4, 2, 1] if size == 64 else [4, 2, 1]
        layers = [nn.ConvTranspose2d(nz, ngf * mults[0], 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * mults[0]), nn.ReLU(True)]
        for a, b in zip(mults, mults[1:]):
            layers += [nn.ConvTranspose2d(ngf * a, ngf * b, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * b), nn.ReLU(True)]
        layers += [nn.ConvTranspose2d(ngf * mults[-1], nc, 4, 2, 1, bias=False), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z.view(z.shape[0], -1, 1, 1))


class PaperDiscriminator(nn.Module):
    """pytorch/examples dcgan's netD, returning logits."""
    def __init__(self, ndf=64, nc=3, size=64):
        super().__init__()
        mults = [1, 2, 4, 8] if size == 64 else [1, 2, 4]
        layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]
        for a, b in zip(mults, mults[1:]):
            layers += [nn.Conv2d(ndf * a, ndf * b, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * b), nn.LeakyReLU(0.2, True)]
        layers += [nn.Conv2d(ndf * mults[-1], 1, 4, 1, 0, bias=False)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x).view(-1, 1)


def make(args):
    if args.arch == "dcgan":
        gen = PaperGenerator(nc=args.channels, size=args.size)
        disc = PaperDiscriminator(nc=args.channels, size=args.size)
    else:
        gen, disc = Generator(), Discriminator()
    gen.train(); disc.train()
    # TF tutorial: tf.keras.optimizers.Adam(1e-4) for both (Keras epsilon=1e-7); --lr/--beta1 override
    g_opt = torch.optim.Adam(gen.parameters(), lr=args.lr, betas=(args.beta1, 0.999), eps=1e-7)
    d_opt = torch.optim.Adam(disc.parameters(), lr=args.lr, betas=(args.beta1, 0.999), eps=1e-7)
    bce = nn.BCEWithLogitsLoss()

    def step(real):
        b = real.shape[0]
        ones, zeros = torch.ones(b, 1), torch.zeros(b, 1)
        noise = torch.randn(b, 100)
        fake = gen(noise)
        if args.schedule == "simultaneous":
            real_out, fake_out = disc(real), disc(fake)
            g_loss = bce(fake_out, ones)
            d_loss = bce(real_out, ones) + bce(fake_out, zeros)
            g_grads = torch.autograd.grad(g_loss, list(gen.parameters()), retain_graph=True)
            d_grads = torch.autograd.grad(d_loss, list(disc.parameters()))
            for p, g in zip(gen.parameters(), g_grads): p.grad = g
            for p, g in zip(disc.parameters(), d_grads): p.grad = g
            g_opt.step(); d_opt.step()
        else:
            d_opt.zero_grad()
            d_loss = bce(disc(real), ones) + bce(disc(fake.detach()), zeros)
            d_loss.backward(); d_opt.step()
            g_opt.zero_grad()
            g_loss = bce(disc(fake), ones)
            g_loss.backward(); g_opt.step()
        return g_loss.item(), d_loss.item()
    return gen, step


def idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    nd = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return torch.frombuffer(bytearray(data[4 + 4 * nd:]), dtype=torch.uint8).reshape(dims)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["bench", "train"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--beta1", type=float, default=0.9)
    ap.add_argument("--arch", choices=["tutorial", "dcgan"], default="tutorial",
                    help="tutorial: TF tutorial 28x28x1; dcgan: pytorch/examples netG/netD (bench only)")
    ap.add_argument("--size", type=int, choices=[32, 64], default=64, help="image side for --arch dcgan")
    ap.add_argument("--channels", type=int, default=3, help="image channels for --arch dcgan")
    ap.add_argument("--schedule", choices=["alternating", "simultaneous"], default="alternating")
    ap.add_argument("--mnist", help="folder with train-images-idx3-ubyte[.gz]")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--out", default="torch_samples.f32")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen, step = make(args)

    if args.mode == "bench":
        shape = (args.batch, args.channels, args.size, args.size) if args.arch == "dcgan" else (args.batch, 1, 28, 28)
        real = torch.rand(*shape) * 2 - 1
        for _ in range(args.warmup):
            step(real)
        t0 = time.perf_counter()
        for _ in range(args.steps):
            gl, dl = step(real)
        dt = time.perf_counter() - t0
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "schedule": args.schedule,
                          "arch": args.arch, "shape": list(shape[1:]),
                          "batch": args.batch, "steps": args.steps, "seconds": round(dt, 3),
                          "images_per_s": round(args.steps * args.batch / dt, 1),
                          "ms_per_step": round(1000 * dt / args.steps, 1),
                          "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS")}))
        return

    path = next(os.path.join(args.mnist, n) for n in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz")
                if os.path.exists(os.path.join(args.mnist, n)))
    x = idx(path).float().div(127.5).sub(1).unsqueeze(1)
    t0 = time.perf_counter(); steps = 0
    for epoch in range(args.epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x) - args.batch + 1, args.batch):
            gl, dl = step(x[perm[i:i + args.batch]]); steps += 1
        print(json.dumps({"epoch": epoch + 1, "steps": steps, "g_loss": round(gl, 4), "d_loss": round(dl, 4),
                          "images_per_s": round(steps * args.batch / (time.perf_counter() - t0), 1)}), flush=True)
    gen.eval()
    with torch.no_grad():
        out = torch.cat([gen(torch.randn(500, 100)) for _ in range((args.samples + 499) // 500)])[:args.samples]
    ((out + 1) / 2).permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(args.out)
    print(json.dumps({"wrote": args.samples, "out": args.out}))


if __name__ == "__main__":
    main()
