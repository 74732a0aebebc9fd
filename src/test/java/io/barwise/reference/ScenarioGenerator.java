package io.barwise.reference;

import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Caller;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.IomemMode;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.Mtrr;
import io.barwise.model.MtrrRange;
import io.barwise.model.NodeKind;
import io.barwise.model.Platform;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seeded random scenarios for differential testing and benchmarks. Scenario {@code i} of seed
 * {@code s} is always the same ({@link #scenario(long)}), so a failure can be replayed from two numbers.
 *
 * <p>Only inputs that the model records and the engine accept are produced: every request names an
 * existing device and BAR, gives a node or an intent (no policies), and has non-negative offset/length.
 * Addresses stay above 1 MiB (the ISA range is untracked by PAT, which barwise does not model) and
 * below 2^52, so physical start + offset never overflows.
 */
public final class ScenarioGenerator {

    private static final MemType[] MTRR_TYPES = {MemType.UC, MemType.WC, MemType.WT, MemType.WB, MemType.WP};
    private static final MemType[] PAT_TYPES = MemType.values();
    /** Windows BARs are placed in: 32-bit MMIO, below 4G, 64-bit window, far 64-bit window. */
    private static final long[] WINDOWS = {0xfe000000L, 0xc0000000L, 0x8_0000_0000L, 0x380_0000_0000L};
    private static final long[] HUGE_LENGTHS = {Long.MAX_VALUE, Long.MAX_VALUE - 4095, 1L << 62, (1L << 62) + 1, 1L << 48,
            0x7fff_ffff_ffff_f000L, 0xffff_ffffL, 1L << 32};

    private final long seed;

    public ScenarioGenerator(long seed) { this.seed = seed; }

    public long seed() { return seed; }

    /** The scenario with this index: independent of every other index. */
    public Scenario scenario(long index) {
        return new Gen(new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index))).scenario();
    }

    /** A scenario with exactly one request (for batches of independent decisions). */
    public Scenario singleRequest(long index) {
        Gen g = new Gen(new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index)));
        return g.scenario(1);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static final class Gen {
        final RandomGenerator r;

        Gen(RandomGenerator r) { this.r = r; }

        boolean p(double prob) { return r.nextDouble() < prob; }

        <T> T pick(T[] a) { return a[r.nextInt(a.length)]; }

        long pick(long[] a) { return a[r.nextInt(a.length)]; }

        Scenario scenario() { return scenario(1 + r.nextInt(6)); }

        Scenario scenario(int nRequests) {
            Platform platform = platform();
            int nDev = 1 + r.nextInt(3);
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < nDev; i++) devices.add(device(i));
            List<Reservation> res = new ArrayList<>();
            int nRes = p(0.5) ? 0 : 1 + r.nextInt(3);
            for (int i = 0; i < nRes; i++) res.add(reservation(devices, i));
            platform = withMtrr(platform, devices);
            List<Request> reqs = new ArrayList<>();
            for (int i = 0; i < nRequests; i++) reqs.add(request(i, devices));
            return new Scenario(platform, devices, res, reqs);
        }

        Platform platform() {
            double a = r.nextDouble();
            Arch arch = a < 0.7 ? Arch.X86_64 : a < 0.85 ? Arch.ARM64 : Arch.PPC64LE;
            KernelVersion k = kernel();
            boolean pat = p(0.8);
            Lockdown lockdown = p(0.85) ? Lockdown.NONE : pick(new Lockdown[] {Lockdown.INTEGRITY, Lockdown.CONFIDENTIALITY});
            IomemMode iomem = p(0.6) ? IomemMode.DEFAULT : pick(IomemMode.values());
            boolean strict = p(0.7);
            boolean ioStrict = p(0.5);
            Caller caller = p(0.9) ? Caller.ROOT : new Caller(p(0.5), p(0.5));
            if (p(0.05)) caller = new Caller(true, false);
            Hypervisor hv;
            if (arch == Arch.X86_64 || p(0.1)) hv = p(0.35) ? Hypervisor.NONE : pick(Hypervisor.values());
            else hv = Hypervisor.NONE;
            EnumSet<Feature> f = EnumSet.noneOf(Feature.class);
            for (Feature x : Feature.values()) if (p(0.4)) f.add(x);
            long pageSize = 0; // the arch's usual one
            if (arch == Arch.ARM64 && p(0.4)) pageSize = p(0.5) ? 16384 : 65536;
            if (arch == Arch.PPC64LE && p(0.3)) pageSize = 4096;
            return new Platform(arch, k, pat, Mtrr.DISABLED, lockdown, iomem, strict, ioStrict, caller, hv, f, pageSize, 0, true, java.util.Set.of());
        }

        /** The modelled span 5.10 to 7.3 with weight on each version that changes something, and some outside it. */
        KernelVersion kernel() {
            if (p(0.4)) {
                int[][] edges = {{5, 10}, {6, 1}, {6, 11}, {6, 12}, {6, 14}, {6, 15}, {6, 16}, {7, 1}, {7, 2}, {7, 3}};
                int[] e = edges[r.nextInt(edges.length)];
                return new KernelVersion(e[0], e[1]);
            }
            if (p(0.1)) {
                int[][] outside = {{3, 10}, {4, 19}, {5, 4}, {5, 9}, {7, 4}, {8, 0}};
                int[] e = outside[r.nextInt(outside.length)];
                return new KernelVersion(e[0], e[1]);
            }
            int major = 5 + r.nextInt(3);
            int minor = major == 5 ? 10 + r.nextInt(10) : major == 6 ? r.nextInt(20) : r.nextInt(4);
            return new KernelVersion(major, minor);
        }

        /** MTRRs are chosen after the devices so that ranges can hit their BARs. */
        Platform withMtrr(Platform p, List<Device> devices) {
            Mtrr m;
            if (p(0.15)) {
                m = Mtrr.DISABLED;
            } else {
                MemType def = p(0.6) ? MemType.WB : p(0.6) ? MemType.UC : pick(MTRR_TYPES);
                List<MtrrRange> ranges = new ArrayList<>();
                int n = p(0.3) ? 0 : 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    long base;
                    long size;
                    Bar b = anyBar(devices);
                    if (b != null && b.size() > 0 && p(0.75)) {
                        long bs = b.start() & ~0xfffL;
                        long pages = Math.max(1, b.pages(4096));
                        switch (r.nextInt(4)) {
                            case 0 -> { base = bs; size = pages * 4096; }
                            case 1 -> { base = bs; size = Math.max(4096, (pages / 2) * 4096); }
                            case 2 -> { base = bs + (pages / 2) * 4096; size = pages * 4096; }
                            default -> { base = bs & ~((1L << 30) - 1); size = 1L << 31; }
                        }
                    } else {
                        base = pick(WINDOWS);
                        size = 1L << (12 + r.nextInt(28));
                    }
                    ranges.add(new MtrrRange(base, size, pick(MTRR_TYPES)));
                }
                m = new Mtrr(true, def, ranges);
            }
            return new Platform(p.arch(), p.kernel(), p.pat(), m, p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(),
                    p.caller(), p.hypervisor(), p.features(), p.pageSize(), p.physBits(), p.devmem(), p.unknown());
        }

        Bar anyBar(List<Device> devices) {
            Device d = devices.get(r.nextInt(devices.size()));
            if (d.bars().isEmpty()) return null;
            return d.bars().get(r.nextInt(d.bars().size()));
        }

        Device device(int i) {
            String bdf = String.format("0000:%02x:%02x.%d", r.nextInt(4), i * 3 + r.nextInt(3), r.nextInt(8));
            boolean nonMappable = p(0.04);
            String driver = p(0.5) ? null : pick(new String[] {"kvmfr", "uio_pci_generic", "vfio-pci", "nvme"});
            if (p(0.4)) {
                // ivshmem-like, sometimes with a twisted identity
                int vendor = p(0.85) ? 0x1af4 : 0x1b36;
                int devid = p(0.85) ? 0x1110 : 0x1111;
                long base = pick(WINDOWS) + (r.nextLong(1 << 14) << 12);
                List<Bar> bars = new ArrayList<>();
                long b0 = base + (p(0.3) ? r.nextLong(16) * 0x100 : 0);
                if (p(0.9)) bars.add(bar(0, b0, 256, p(0.8) ? 0x40200 : randomFlags()));
                if (p(0.7)) bars.add(bar(1, base + 0x10000, 4096, 0x40200));
                if (p(0.95)) {
                    long size = 1L << (20 + r.nextInt(14));
                    long start = align(base + (1L << 32), size);
                    long flags = p(0.8) ? 0x14220c : randomFlags();
                    bars.add(bar(2, start, size, flags));
                }
                if (bars.isEmpty()) bars.add(bar(2, align(base + (1L << 32), 1L << 22), 1L << 22, 0x14220c));
                return new Device(bdf, vendor, devid, 0x1af4, 0x1100, 0x050000, 1, driver, nonMappable, bars);
            }
            int vendor = p(0.2) ? 0x1af4 : pick(new Integer[] {0x8086, 0x10de, 0x15b3, 0x1002});
            int devid = p(0.1) ? 0x1110 : r.nextInt(0x10000);
            List<Bar> bars = new ArrayList<>();
            long cursor = pick(WINDOWS) + (r.nextLong(1 << 12) << 16);
            for (int idx = 0; idx < 6; idx++) {
                if (p(0.45)) continue;
                long flags = randomFlags();
                if (p(0.05)) { // unused BAR
                    bars.add(new Bar(idx, 0, 0, flags, false, false, Bar.Backing.AUTO));
                    continue;
                }
                if ((flags & 0x1f00) == Bar.IORESOURCE_IO) {
                    long size = 1L << (2 + r.nextInt(7));
                    long start = 0xc000 + r.nextLong(0x100) * 0x100;
                    bars.add(bar(idx, start, size, flags));
                    continue;
                }
                long size = size();
                long start;
                if (size < 4096 && p(0.5)) start = cursor + r.nextLong(4096 / size) * size; // packed small BARs
                else if (p(0.1)) start = cursor + 16 * r.nextLong(256); // page-unaligned, odd
                else start = align(cursor, Math.min(size, 1L << 30));
                bars.add(bar(idx, start, size, flags));
                cursor = start + size;
                if (p(0.3)) cursor &= ~0xfffL; // next BAR may share the page
            }
            if (bars.isEmpty()) bars.add(bar(0, align(cursor, 4096), 4096, 0x40200));
            return new Device(bdf, vendor, devid, vendor, r.nextInt(0x10000), 0x020000, 0, driver, nonMappable, bars);
        }

        long size() {
            if (p(0.1)) return 256 + r.nextLong(1 << 20); // not a power of two
            int shift = 8 + r.nextInt(33); // 256 B .. 1 TiB
            return 1L << shift;
        }

        static long align(long x, long a) {
            return (x + a - 1) & -a;
        }

        long randomFlags() {
            long f;
            double t = r.nextDouble();
            if (t < 0.75) f = Bar.IORESOURCE_MEM;
            else if (t < 0.93) f = Bar.IORESOURCE_IO;
            else if (t < 0.97) f = 0x300; // IORESOURCE_REG: neither MEM nor IO
            else f = 0;
            if (f == Bar.IORESOURCE_MEM) {
                if (p(0.5)) f |= Bar.IORESOURCE_PREFETCH | 0x8;
                if (p(0.4)) f |= Bar.IORESOURCE_MEM_64 | 0x4;
            }
            if (p(0.08)) f |= Bar.IORESOURCE_CACHEABLE;
            if (p(0.7)) f |= 0x40000; // SIZEALIGN
            return f;
        }

        Bar bar(int idx, long start, long size, long flags) {
            boolean busy = p(0.3);
            boolean excl = busy && p(0.4) || p(0.05);
            Bar.Backing backing = p(0.8) ? Bar.Backing.AUTO : pick(Bar.Backing.values());
            return new Bar(idx, start, start + size - 1, flags, busy, excl, backing);
        }

        Reservation reservation(List<Device> devices, int i) {
            Bar b = anyBar(devices);
            MemType t = pick(PAT_TYPES);
            long s;
            long e;
            if (b != null && b.size() > 0 && p(0.85)) {
                long ps = b.start() & ~0xfffL;
                long pages = b.pages(4096);
                switch (r.nextInt(5)) {
                    case 0 -> { s = ps; e = ps + pages * 4096; }
                    case 1 -> { s = ps; e = ps + 4096; }
                    case 2 -> { s = ps + r.nextLong(pages) * 4096; e = s + 4096 * (1 + r.nextLong(4)); }
                    case 3 -> { s = ps + r.nextLong(pages * 4096); e = s + 1 + r.nextLong(8192); } // unaligned
                    default -> { s = ps + pages * 4096; e = s + 4096; } // just after
                }
            } else {
                s = pick(WINDOWS) + (r.nextLong(1 << 16) << 12);
                e = s + (1L << (12 + r.nextInt(20)));
            }
            return new Reservation(s, e, t, pick(new String[] {"driver ioremap", "other process", "firmware"}) + " " + i);
        }

        Request request(int id, List<Device> devices) {
            Device d = devices.get(r.nextInt(devices.size()));
            Bar b = d.bars().get(r.nextInt(d.bars().size()));
            long pages = Math.max(1, b.pages(4096));
            long offset;
            double o = r.nextDouble();
            if (o < 0.65) offset = 0;
            else if (o < 0.85) offset = r.nextLong(pages + 2) * 4096;
            else if (o < 0.95) offset = 1 + r.nextLong(pages * 4096);
            else offset = pick(new long[] {1L << 40, 1L << 50, (1L << 50) + 4096, 4096L * 0x7fffffffL, 0x7fff_ffff_ffff_f000L, 1L << 62});
            Long length;
            double l = r.nextDouble();
            if (l < 0.5) length = null;
            else if (l < 0.75) length = 4096 * (1 + r.nextLong(pages + 1));
            else if (l < 0.85) length = 1 + r.nextLong(8192);
            else if (l < 0.9) length = 0L;
            else if (l < 0.95) length = Math.max(1, pages * 4096 - offset + (p(0.5) ? 1 : 0)); // to the end, or one byte past
            else length = pick(HUGE_LENGTHS);
            boolean hold = p(0.7);
            Prot prot = p(0.8) ? Prot.READ_WRITE : Prot.READ;
            if (p(0.55)) {
                NodeKind k = pick(NodeKind.values());
                return new Request(id, d.bdf(), b.index(), k, null, offset, length, prot, true, hold);
            }
            return new Request(id, d.bdf(), b.index(), null, pick(Intent.values()), offset, length, prot, true, hold);
        }
    }
}
