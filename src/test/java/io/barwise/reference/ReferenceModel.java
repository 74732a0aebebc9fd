package io.barwise.reference;

import io.barwise.engine.Report;
import io.barwise.model.Alternative;
import io.barwise.model.Arch;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Device;
import io.barwise.model.Errno;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.Ivshmem;
import io.barwise.model.MemType;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.Platform;
import io.barwise.model.RemapPath;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An independent, plain-Java model of the decisions barwise makes, written from the kernel reference
 * (shared/reference/kernel-bar-mmap.md) and barwise's own conventions, without Drools and without
 * looking at the DRL. It exists to be compared with {@link io.barwise.engine.DecisionEngine}
 * (differential testing) and as a speed baseline.
 *
 * <p>Thread-safe and stateless. Policies are not modelled: a request must name a node or an intent.
 */
public final class ReferenceModel {

    public static final long PAGE = 4096;
    private static final long PAGE_MASK = ~(PAGE - 1);

    /**
     * Deliberate departures from the kernel, used only to recognise known disagreements with the
     * engine: a disagreement that vanishes when the model departs this way is an instance of it.
     */
    public enum Deviation {
        // D1-D3 (byte ranges, signed range ends, no /dev/mem range check) were fixed in the rules;
        // see src/test/resources/differential/disagreements.md.
        /**
         * D4: only the devices a request names have busy regions (the engine inserts no others, see
         * DecisionEngine.requestedDevices), so another device's claim in the same page is missed.
         */
        NAMED_DEVICES_ONLY
    }

    private final java.util.Set<Deviation> deviations;

    /** The kernel-faithful model. */
    public ReferenceModel() { this(java.util.EnumSet.noneOf(Deviation.class)); }

    /** A model with deliberate deviations (for classifying disagreements). */
    public ReferenceModel(java.util.Set<Deviation> deviations) {
        this.deviations = deviations.isEmpty() ? java.util.EnumSet.noneOf(Deviation.class) : java.util.EnumSet.copyOf(deviations);
    }

    /** Decides every request of the scenario in order; granted, held, PAT-tracked mappings become reservations. */
    public Report decide(Scenario s) {
        List<Reservation> reservations = new ArrayList<>(s.reservations());
        java.util.Set<String> named = new java.util.HashSet<>();
        s.requests().forEach(r -> named.add(r.device()));
        // iomem_is_exclusive() and devmem_is_allowed() see every busy region of the machine
        List<Device> iomem = deviations.contains(Deviation.NAMED_DEVICES_ONLY)
                ? s.devices().stream().filter(d -> named.contains(d.bdf())).toList() : s.devices();
        List<Decision> out = new ArrayList<>(s.requests().size());
        for (Request r : s.requests()) {
            Device d = s.device(r.device()).orElseThrow(() -> new IllegalArgumentException("request #" + r.id() + ": unknown device " + r.device()));
            Bar b = d.bar(r.bar()).orElseThrow(() -> new IllegalArgumentException("request #" + r.id() + ": device has no BAR" + r.bar()));
            if (r.offset() < 0 || (r.length() != null && r.length() < 0)) {
                throw new IllegalArgumentException("request #" + r.id() + ": offset and length must not be negative");
            }
            Decision dec = decideOne(s.platform(), d, b, r, reservations, iomem);
            out.add(dec);
            if (dec.outcome() == Outcome.MAPPED && r.hold() && dec.memtype() != null) {
                long start = dec.mapStart();
                reservations.add(new Reservation(start, start + rangeBytes(dec.mapLength()), dec.memtype(),
                        "request #" + r.id() + " (" + dec.node() + ")"));
            }
        }
        return new Report(out);
    }

    // ------------------------------------------------------------------------------------------
    // One request

    private Decision decideOne(Platform p, Device d, Bar b, Request r, List<Reservation> res, List<Device> iomem) {
        long barBytes = b.pages(PAGE) * PAGE;
        long length = r.length() != null ? r.length() : Math.max(0, barBytes - r.offset());
        long physStart = (b.start() & PAGE_MASK) + r.offset();
        if (r.node() != null) {
            Attempt a = attempt(p, d, b, r.node(), r.offset(), length, physStart, res, iomem);
            return toDecision(r, a, List.of(), List.of("explicit node " + a.node), physStart, length);
        }
        if (r.intent() == null) {
            throw new IllegalArgumentException("request #" + r.id() + ": the reference model needs a node or an intent (policies are not modelled)");
        }
        Intent intent = r.intent();
        boolean cacheableBar = cacheable(p, d, b);
        List<Cand> cands = new ArrayList<>(4);
        switch (intent) {
            case CACHEABLE -> {
                cands.add(new Cand(NodeKind.RESOURCE_WB, 0));
                cands.add(new Cand(NodeKind.RESOURCE, cacheableBar ? 1 : 4));
                cands.add(new Cand(NodeKind.DEVMEM, 2));
                cands.add(new Cand(NodeKind.RESOURCE_WC, 3));
            }
            case WRITE_COMBINE -> {
                cands.add(new Cand(NodeKind.RESOURCE_WC, 0));
                cands.add(new Cand(NodeKind.RESOURCE, 1));
            }
            case UNCACHED -> {
                cands.add(new Cand(NodeKind.RESOURCE, 0));
                cands.add(new Cand(NodeKind.DEVMEM_SYNC, 1));
            }
        }
        cands.sort(Comparator.comparingInt(Cand::rank));
        List<Attempt> attempts = new ArrayList<>(cands.size());
        for (Cand c : cands) attempts.add(attempt(p, d, b, c.kind, r.offset(), length, physStart, res, iomem));

        // 1) the first (by rank) granted node whose PTE type and effective type both fulfil the intent;
        // 2) else the granted node with the best effective type, then the best PTE type, then rank;
        // 3) else (nothing granted) the refusal of the first node that exists, or of the first node.
        Attempt chosen = null;
        String why;
        for (Attempt a : attempts) {
            if (a.granted() && fulfils(intent, a.pte) && fulfils(intent, a.effective)) { chosen = a; break; }
        }
        if (chosen != null) {
            why = "lowest-ranked granted node that fulfils " + intent.id();
        } else {
            for (Attempt a : attempts) {
                if (!a.granted()) continue;
                if (chosen == null || quality(intent, a.effective) > quality(intent, chosen.effective)
                        || (quality(intent, a.effective) == quality(intent, chosen.effective) && quality(intent, a.pte) > quality(intent, chosen.pte))) {
                    chosen = a;
                }
            }
            if (chosen != null) {
                why = "no granted node fulfils " + intent.id() + "; best quality granted";
            } else {
                chosen = attempts.stream().filter(a -> a.errno != Errno.ENOENT).findFirst().orElse(attempts.get(0));
                why = "no node granted; refusal of the first candidate that exists";
            }
        }
        List<Alternative> alts = new ArrayList<>(attempts.size());
        for (Attempt a : attempts) {
            alts.add(new Alternative(a.node, a == chosen, a.granted() ? "granted, effective " + a.effective.shortName()
                    + (fulfils(intent, a.effective) ? "" : " (does not fulfil the intent)") : a.errno + ": " + a.why,
                    a.granted() && fulfils(intent, a.effective)));
        }
        return toDecision(r, chosen, alts, List.of("intent " + intent.id(), why), physStart, length);
    }

    private static Decision toDecision(Request r, Attempt a, List<Alternative> alts, List<String> head, long physStart, long length) {
        List<String> reasons = new ArrayList<>(head);
        reasons.add(a.why);
        Decision.Basis b = new Decision.Basis(r, physStart, length, List.of("reference"), reasons, List.of(), alts);
        return a.granted() ? Decision.mapped(b, a.node, a.pgprot, a.memtype, a.effective, a.remap)
                : Decision.refused(b, a.node, a.errno, a.pgprot, a.remap);
    }

    private record Cand(NodeKind kind, int rank) {}

    /** The verdict for one node of one BAR. */
    record Attempt(String node, Errno errno, String pgprot, MemType memtype, MemType pte, MemType effective, RemapPath remap, String why) {
        boolean granted() { return errno == null; }
    }

    private static Attempt refuse(String node, Errno e, String why) {
        return new Attempt(node, e, null, null, null, null, null, why);
    }

    // ------------------------------------------------------------------------------------------
    // The kernel path for one node

    /** Whether the node file (or /dev/mem for this BAR) exists. */
    static boolean exists(Platform p, Device d, Bar b, NodeKind k) {
        boolean sized = b.size() > 0;
        // 6.15: a device with non_mappable_bars gets no resource files at all
        boolean files = !(d.nonMappableBars() && p.kernel().decidedAs().atLeast(6, 15));
        return switch (k) {
            case RESOURCE -> files && sized && (b.isMem() || b.isIo());
            case RESOURCE_WC -> files && sized && b.isMem() && b.prefetchable() && archCanMmapWc(p);
            case RESOURCE_WB -> files && sized && b.isMem() && b.prefetchable()
                    && patOn(p) && p.has(Feature.RESOURCE_WB);
            // barwise convention: /dev/mem reaches every memory BAR that has an address (an unused BAR has none)
            case DEVMEM, DEVMEM_SYNC -> sized && b.isMem();
        };
    }

    /** arch_can_pci_mmap_wc(): pat_enabled() on x86; 1 on arm64 and powerpc in every modelled kernel. */
    static boolean archCanMmapWc(Platform p) {
        return p.arch() != Arch.X86_64 || patOn(p);
    }

    /**
     * pat_enabled() on x86. Before 6.2 mtrr_bp_init() disabled PAT along with absent or disabled
     * MTRRs; from 6.0 a guest whose PAT MSR is set kept it (init_cache_modes()).
     */
    static boolean patOn(Platform p) {
        if (p.arch() != Arch.X86_64 || !p.pat()) return false;
        io.barwise.model.KernelVersion v = p.kernel().decidedAs();
        boolean mtrrOff = !p.mtrr().enabled();
        if (mtrrOff && !v.atLeast(6, 2) && (p.hypervisor() == Hypervisor.NONE || !v.atLeast(6, 0))) return false;
        return true;
    }

    /** The seed RFC quirk: ivshmem BAR2, or any memory BAR flagged IORESOURCE_CACHEABLE, maps write-back untracked. */
    static boolean cacheable(Platform p, Device d, Bar b) {
        if (!p.has(Feature.IVSHMEM_CACHEABLE_QUIRK) || !b.isMem()) return false;
        return isIvshmemBar2(d, b) || b.flaggedCacheable();
    }

    private static boolean isIvshmemBar2(Device d, Bar b) {
        return Ivshmem.is(d) && b.isMem() && b.index() == Ivshmem.SHARED_MEMORY_BAR;
    }

    /**
     * kernel/resource.c iomem_is_exclusive() over a byte range [from, to): some memory BAR of some
     * device on the machine is busy there, and strict checks make the claim exclusive.
     */
    private static boolean exclusiveIn(Platform p, List<Device> iomem, long from, long to) {
        if (!p.strictIomemChecks() || Long.compareUnsigned(from, to) >= 0) return false;
        for (Device o : iomem) {
            for (Bar x : o.bars()) {
                if (!x.isMem() || x.size() == 0 || !x.busy() || !(x.exclusive() || p.ioStrictDevmem())) continue;
                if (x.start() < to && x.end() >= from) return true;
            }
        }
        return false;
    }

    /** The MTRRs the kernel consults: TDX and SEV-SNP guests force their own from 6.12 (guest_force_mtrr_state). */
    static io.barwise.model.Mtrr seenMtrr(Platform p) {
        boolean forced = p.arch() == Arch.X86_64 && (p.hypervisor() == Hypervisor.TDX || p.hypervisor() == Hypervisor.SEV_SNP)
                && p.kernel().decidedAs().atLeast(6, 12);
        return forced ? io.barwise.model.Mtrr.GUEST_FORCED : p.mtrr();
    }

    /** The bytes PAT and MTRR look at: the VMA, i.e. whole (x86, 4K) pages. */
    private static long rangeBytes(long length) {
        return pagesUp(length) * PAGE;
    }

    private static boolean overlaps(Reservation r, long start, long end) {
        return r.overlaps(start, end);
    }

    /** do_mmap(): TASK_SIZE with 4-level paging (x86_64 2^47 - 4 KiB, else 2^48). */
    static long taskSize(Arch a) {
        return a == Arch.X86_64 ? 0x7fff_ffff_f000L : 0x1_0000_0000_0000L;
    }

    /** mmap_mem(): valid_mmap_phys_addr_range() against the widest CPU of the arch (x86/arm64 52 bits, powerpc 51). */
    static boolean devmemRangeOk(Arch a, long physStart, long mapBytes) {
        long limit = a == Arch.PPC64LE ? 1L << 51 : 1L << 52;
        return Long.compareUnsigned(physStart, limit) < 0 && Long.compareUnsigned(mapBytes, limit - physStart) <= 0;
    }

    /** do_mmap() file_mmap_ok(): a regular file maps only below MAX_LFS_FILESIZE (LLONG_MAX). */
    static boolean fileMmapOk(long offset, long mapBytes, long ps) {
        return mapBytes >= 0 && offset / ps <= (Long.MAX_VALUE - mapBytes) / ps;
    }

    Attempt attempt(Platform p, Device d, Bar b, NodeKind k, long offset, long length, long physStart, List<Reservation> res,
                    List<Device> iomem) {
        String node = k.nodeName(b.index());
        if (!exists(p, d, b, k)) return refuse(node, Errno.ENOENT, node + " does not exist");
        io.barwise.model.KernelVersion v = p.kernel().decidedAs();
        boolean x86 = p.arch() == Arch.X86_64;
        long ps = p.pageSize();
        boolean lockdown = p.lockdown().active();
        boolean badRange = (offset & (ps - 1)) != 0 || length == 0;
        long psPages = length == 0 ? 0 : (length - 1) / ps + 1;
        long mapBytes = psPages > Long.MAX_VALUE / ps ? Long.MAX_VALUE : psPages * ps;
        long pageOfBar = b.start() & ~(ps - 1);
        long start = offset > Long.MAX_VALUE - pageOfBar ? Long.MAX_VALUE : pageOfBar + offset;
        if (k.isDevmem()) {
            if (!p.caller().root()) return refuse(node, Errno.EACCES, "open(/dev/mem): not root");
            if (!p.caller().capSysRawio()) return refuse(node, Errno.EPERM, "open_port(): no CAP_SYS_RAWIO");
            if (lockdown) return refuse(node, Errno.EPERM, "open_port(): LOCKDOWN_DEV_MEM");
            if (badRange) return refuse(node, Errno.EINVAL, "mmap: offset not page aligned or length 0");
            if (Long.compareUnsigned(length, taskSize(p.arch())) > 0) return refuse(node, Errno.ENOMEM, "do_mmap(): longer than TASK_SIZE");
            if (!devmemRangeOk(p.arch(), start, mapBytes)) return refuse(node, Errno.EINVAL, "mmap_mem(): range wraps or beyond MAXPHYADDR");
            long from = x86 ? Math.max(start, 0x100000L) : start; // x86: the first MiB bypasses iomem restrictions
            boolean exclusivePage = exclusiveIn(p, iomem, from, start + mapBytes);
            if (p.strictDevmem() && exclusivePage) {
                return refuse(node, Errno.EPERM, "range_is_allowed(): STRICT_DEVMEM and a page of the range is claimed exclusively");
            }
            if (x86 && !p.strictDevmem() && patOn(p) && !v.atLeast(6, 16) && exclusivePage) {
                return refuse(node, Errno.EINVAL, "phys_mem_access_prot_allowed(): x86 range_is_allowed() before 6.16");
            }
        } else {
            if (!p.caller().root()) return refuse(node, Errno.EACCES, "open(" + node + "): mode 0600");
            if (badRange) return refuse(node, Errno.EINVAL, "mmap: offset not page aligned or length 0");
            if (Long.compareUnsigned(length, taskSize(p.arch())) > 0) return refuse(node, Errno.ENOMEM, "do_mmap(): longer than TASK_SIZE");
            if (!fileMmapOk(offset, mapBytes, ps)) return refuse(node, Errno.EOVERFLOW, "do_mmap(): file_mmap_ok()");
            if (b.isIo() && p.arch() != Arch.PPC64LE) {
                return v.atLeast(7, 2) ? refuse(node, Errno.EINVAL, "pci_mmap_resource_io_unsupported() (7.2+)")
                        : refuse(node, Errno.ENODEV, "kernfs_fop_mmap(): I/O BAR has no mmap");
            }
            if (lockdown) return refuse(node, Errno.EPERM, "pci_mmap_resource(): LOCKDOWN_PCI_ACCESS");
            if (b.isMem() && exclusiveIn(p, iomem, pageOfBar, pageOfBar + ps)) {
                return refuse(node, Errno.EINVAL, "pci_mmap_resource(): iomem_is_exclusive() for the BAR's first page");
            }
            if (!fits(b, offset, length, ps)) return refuse(node, Errno.EINVAL, "pci_mmap_fits(): beyond the BAR");
        }

        // pgprot
        MemType want;
        RemapPath remap = k.isDevmem() ? RemapPath.REMAP_PFN_RANGE : RemapPath.IO_REMAP_PFN_RANGE;
        boolean untracked = false;
        if (k == NodeKind.RESOURCE && cacheable(p, d, b)) {
            want = MemType.WB;
            remap = RemapPath.REMAP_PFN_RANGE_NOTRACK;
            untracked = true;
        } else if (x86) {
            want = switch (k) {
                case RESOURCE -> MemType.UC_MINUS;
                case DEVMEM_SYNC -> patOn(p) || !v.atLeast(6, 16) ? MemType.UC_MINUS : MemType.WB; // 6.16: nopat ignores O_SYNC
                case RESOURCE_WC -> MemType.WC;
                case RESOURCE_WB, DEVMEM -> MemType.WB;
            };
        } else if (k.isDevmem() && p.arch() == Arch.PPC64LE) {
            // pci_phys_mem_access_prot(): a page inside a prefetchable memory BAR is noncached_wc
            boolean inBar = start >= pageOfBar && start <= b.end();
            want = inBar && b.prefetchable() ? MemType.WC : MemType.UC;
        } else {
            want = k == NodeKind.RESOURCE_WC ? MemType.WC : MemType.UC;
        }
        String pgprot = want.shortName();
        long end = physStart + rangeBytes(length);

        if (!x86) {
            return new Attempt(node, null, pgprot, null, want, want, remap, "non-x86: PTE type " + want.shortName());
        }
        MemType pte;
        MemType memtype = null;
        String why;
        if (untracked) {
            pte = MemType.WB;
            why = "quirk: write-back, untracked";
        } else if (!patOn(p)) {
            pte = want == MemType.WC ? MemType.UC_MINUS : want;
            why = "no PAT: PTE " + pte.shortName();
        } else if (physStart >= 0xa0000L && end <= 0x100000L) {
            pte = MemType.WB;
            why = "ISA range: untracked, PTE write-back";
        } else {
            MemType actual = want;
            if (want == MemType.WB) {
                io.barwise.model.Mtrr m = seenMtrr(p);
                actual = m.enabled() && m.uniformType(physStart, end) == MemType.WB ? MemType.WB : MemType.UC_MINUS;
            }
            MemType found = null;
            boolean conflict = false;
            for (Reservation r : res) {
                if (!overlaps(r, physStart, end)) continue;
                if (found == null) found = r.type();
                else if (found != r.type()) { conflict = true; break; }
            }
            Errno patErr = k.isDevmem() ? Errno.EAGAIN : Errno.EINVAL;
            if (conflict) return refuse(node, patErr, "memtype_check_conflict(): overlapping entries of different types");
            MemType pcm = found == null ? actual : found;
            if (pcm != want && !newMemtypeAllowed(want, pcm)) {
                return refuse(node, patErr, "reserve_pfn_range(): expected " + want.shortName() + ", got " + pcm.shortName());
            }
            memtype = pcm;
            pte = pcm;
            why = "PAT " + pcm.shortName() + (found == null ? " (new entry)" : " (existing entry)");
        }
        MemType eff = effectiveX86(p, d, b, physStart, end, pte);
        return new Attempt(node, null, pgprot, memtype, pte, eff, remap, why + ", effective " + eff.shortName());
    }

    /** pci_mmap_fits(), sysfs flavour: offset in pages and length rounded up to pages inside the BAR's pages. */
    static boolean fits(Bar b, long offset, long length, long ps) {
        long size = b.pages(ps);
        long start = offset / ps;
        long nr = length == 0 ? 0 : (length - 1) / ps + 1;
        return start < size && nr <= size - start;
    }

    /** Pages covering {@code length} bytes, for 0 <= length <= Long.MAX_VALUE (never overflows). */
    static long pagesUp(long length) {
        return length == 0 ? 0 : (length - 1) / PAGE + 1;
    }

    /** arch/x86/include/asm/pgtable.h: is_new_memtype_allowed(). */
    static boolean newMemtypeAllowed(MemType want, MemType got) {
        if (got == MemType.WB && (want == MemType.UC_MINUS || want == MemType.WC || want == MemType.WT)) return false;
        return !(want == MemType.WT && got == MemType.WC);
    }

    static boolean ramBacked(Device d, Bar b) {
        return b.backing() == Bar.Backing.RAM || (b.backing() == Bar.Backing.AUTO && isIvshmemBar2(d, b));
    }

    static MemType effectiveX86(Platform p, Device d, Bar b, long start, long end, MemType pte) {
        if (p.hypervisor() != Hypervisor.NONE && ramBacked(d, b)) {
            return switch (p.hypervisor()) {
                case KVM_INTEL -> MemType.WB;
                default -> sdm(MemType.WB, pte);
            };
        }
        return sdm(seenMtrr(p).strictestType(start, end), pte);
    }

    /** Intel SDM vol. 3, "Effective Page-Level Memory Types": row MTRR type, column PAT type. */
    static MemType sdm(MemType mtrr, MemType pat) {
        if (pat == MemType.UC) return MemType.UC;
        if (pat == MemType.WC) return MemType.WC;
        return switch (mtrr) {
            case UC -> MemType.UC;
            case WC -> pat == MemType.UC_MINUS || pat == MemType.WB ? MemType.WC : MemType.UC;
            case WT -> switch (pat) { case UC_MINUS -> MemType.UC; case WT, WB -> MemType.WT; default -> MemType.WP; };
            case WB -> pat == MemType.UC_MINUS ? MemType.UC : pat;
            case WP -> switch (pat) { case UC_MINUS -> MemType.WC; case WT -> MemType.WT; default -> MemType.WP; };
            case UC_MINUS -> throw new IllegalArgumentException("UC- is not an MTRR type");
        };
    }

    // ------------------------------------------------------------------------------------------
    // Intents

    static boolean fulfils(Intent i, MemType eff) {
        return switch (i) {
            case CACHEABLE -> eff == MemType.WB;
            case WRITE_COMBINE -> eff == MemType.WC || eff == MemType.WB;
            case UNCACHED -> eff == MemType.UC || eff == MemType.UC_MINUS;
        };
    }

    static int quality(Intent i, MemType eff) {
        return switch (i) {
            case CACHEABLE -> switch (eff) { case WB -> 5; case WT -> 4; case WP -> 3; case WC -> 2; case UC_MINUS -> 1; case UC -> 0; };
            case WRITE_COMBINE -> switch (eff) { case WC -> 5; case WB -> 4; case WT, WP -> 3; case UC_MINUS -> 1; case UC -> 0; };
            case UNCACHED -> switch (eff) { case UC, UC_MINUS -> 5; case WC -> 1; default -> 0; };
        };
    }
}
