package io.barwise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.engine.DecisionEngine;
import io.barwise.model.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hand-picked corner cases of the kernel reference, compared between the engine and the reference
 * model (the random generator reaches them only by chance). Known disagreements are tolerated as in
 * {@link DifferentialTest}.
 */
class DifferentialPinnedTest {
    static final String IV = "0000:00:02.0";
    static final Bar BAR0 = new Bar(0, 0xfebfe000L, 0xfebfe0ffL, 0x40200);
    static final Bar BAR2 = new Bar(2, 0x800000000L, 0x800ffffffL, 0x14220c);
    static final MtrrRange UC_OVER_BAR2 = new MtrrRange(0x800000000L, 0x1000000L, MemType.UC);

    static Platform p(Arch arch, String kernel, boolean pat, List<MtrrRange> mtrr, Hypervisor hv, Caller caller, Set<Feature> f) {
        return new Platform(arch, KernelVersion.parse(kernel), pat, new Mtrr(true, MemType.WB, mtrr), Lockdown.NONE, IomemMode.DEFAULT,
                true, true, caller, hv, f);
    }

    static Platform x86(List<MtrrRange> mtrr, Hypervisor hv, Set<Feature> f) {
        return p(Arch.X86_64, "6.12", true, mtrr, hv, Caller.ROOT, f);
    }

    static Device ivshmem(Bar... bars) { return new Device(IV, 0x1af4, 0x1110, 0x1af4, 0x1100, 0x050000, 1, null, false, List.of(bars)); }

    static Reservation res(long s, long e, MemType t) { return new Reservation(s, e, t, "pinned"); }

    static Request node(int id, int bar, NodeKind k) { return Request.node(id, IV, bar, k); }

    static Request intent(int id, int bar, Intent i) { return Request.intent(id, IV, bar, i); }

    static Scenario s(Platform p, List<Device> d, List<Reservation> r, Request... q) { return new Scenario(p, d, r, List.of(q)); }

    static List<Scenario> cases() {
        List<Scenario> c = new ArrayList<>();
        List<Device> iv = List.of(ivshmem(BAR0, BAR2));
        Reservation wbAll = res(BAR2.start(), BAR2.end() + 1, MemType.WB);
        Reservation wcAll = res(BAR2.start(), BAR2.end() + 1, MemType.WC);
        // is_new_memtype_allowed() takes the pgprot's type (WB), not the MTRR-adjusted one (UC-)
        c.add(s(x86(List.of(UC_OVER_BAR2), Hypervisor.NONE, Set.of()), iv, List.of(wbAll), node(0, 2, NodeKind.DEVMEM)));
        c.add(s(x86(List.of(UC_OVER_BAR2), Hypervisor.NONE, Set.of(Feature.RESOURCE_WB)), iv, List.of(wbAll), node(0, 2, NodeKind.RESOURCE_WB)));
        c.add(s(x86(List.of(UC_OVER_BAR2), Hypervisor.NONE, Set.of(Feature.RESOURCE_WB)), iv, List.of(), node(0, 2, NodeKind.RESOURCE_WB)));
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of(Feature.RESOURCE_WB)), iv, List.of(wcAll), node(0, 2, NodeKind.RESOURCE_WB)));
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(wbAll), node(0, 2, NodeKind.DEVMEM_SYNC), node(1, 2, NodeKind.RESOURCE_WC)));
        // an alias touching only the last page of the mapping
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(res(BAR2.end() + 1 - 4096, BAR2.end() + 1, MemType.WB)),
                node(0, 2, NodeKind.RESOURCE)));
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(res(BAR2.end() + 1, BAR2.end() + 4097, MemType.WB)),
                node(0, 2, NodeKind.RESOURCE)));
        // held mappings chain: resource2 (UC-) then _wc inherits, then devmem inherits UC-, then devmem-sync ok
        c.add(s(x86(List.of(), Hypervisor.KVM_AMD, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE), node(1, 2, NodeKind.RESOURCE_WC),
                node(2, 2, NodeKind.DEVMEM), node(3, 2, NodeKind.DEVMEM_SYNC), intent(4, 2, Intent.CACHEABLE)));
        // two different aliases: refused on sysfs (EINVAL) and /dev/mem (EAGAIN)
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(res(BAR2.start(), BAR2.start() + 4096, MemType.UC_MINUS),
                res(BAR2.start() + 4096, BAR2.start() + 8192, MemType.WC)), node(0, 2, NodeKind.RESOURCE), node(1, 2, NodeKind.DEVMEM)));
        // pre-4.13 x86 without PAT still has resourceN_wc (WC degrades to UC- without PAT)
        c.add(s(p(Arch.X86_64, "4.4", false, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE_WC)));
        c.add(s(p(Arch.X86_64, "4.13", false, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE_WC)));
        c.add(s(p(Arch.ARM64, "4.9", true, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE_WC)));
        c.add(s(p(Arch.ARM64, "5.9", true, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of()), iv, List.of(), intent(0, 2, Intent.WRITE_COMBINE)));
        // I/O BAR on ppc64le, claimed under IO_STRICT_DEVMEM: only MEM resources are checked for exclusivity
        Bar io = new Bar(1, 0xc000, 0xc0ff, 0x40101, true, true, Bar.Backing.AUTO);
        List<Device> ioDev = List.of(new Device("0000:00:03.0", 0x8086, 0x100e, 0x8086, 0, 0x020000, 0, null, false, List.of(io)));
        c.add(s(p(Arch.PPC64LE, "6.6", false, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of()), ioDev, List.of(),
                Request.node(0, "0000:00:03.0", 1, NodeKind.RESOURCE)));
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), ioDev, List.of(), Request.node(0, "0000:00:03.0", 1, NodeKind.RESOURCE),
                Request.node(1, "0000:00:03.0", 1, NodeKind.DEVMEM), Request.intent(2, "0000:00:03.0", 1, Intent.UNCACHED)));
        // backing overrides under KVM on Intel
        c.add(s(x86(List.of(), Hypervisor.KVM_INTEL, Set.of()), List.of(ivshmem(BAR0, new Bar(2, BAR2.start(), BAR2.end(), BAR2.flags(), false, false,
                Bar.Backing.DEVICE))), List.of(), node(0, 2, NodeKind.RESOURCE)));
        c.add(s(x86(List.of(), Hypervisor.KVM_INTEL, Set.of()), List.of(ivshmem(new Bar(0, BAR0.start(), BAR0.end(), BAR0.flags(), false, false,
                Bar.Backing.RAM), BAR2)), List.of(), node(0, 0, NodeKind.RESOURCE), intent(1, 0, Intent.CACHEABLE)));
        // RAM-backed BAR on arm64 under a "hypervisor": non-x86 gets the PTE type
        c.add(s(p(Arch.ARM64, "6.12", false, List.of(), Hypervisor.KVM_INTEL, Caller.ROOT, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE)));
        // cacheable quirk: only for memory BARs; a flagged non-ivshmem BAR too; untracked even on non-x86
        c.add(s(x86(List.of(UC_OVER_BAR2), Hypervisor.NONE, Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK)), iv, List.of(wcAll), node(0, 2, NodeKind.RESOURCE),
                intent(1, 2, Intent.CACHEABLE)));
        c.add(s(p(Arch.PPC64LE, "6.12", true, List.of(), Hypervisor.NONE, Caller.ROOT, Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK)),
                List.of(new Device(IV, 0x8086, 0x1234, 0, 0, 0, 0, null, false, List.of(new Bar(3, 0x900000000L, 0x900000fffL, 0x8200)))),
                List.of(), Request.node(0, IV, 3, NodeKind.RESOURCE), Request.intent(1, IV, 3, Intent.CACHEABLE)));
        // cacheable intent when /dev/mem is not allowed: resourceN (rank 4) fulfils under KVM on Intel
        c.add(s(p(Arch.X86_64, "6.12", true, List.of(), Hypervisor.KVM_INTEL, new Caller(true, false), Set.of()), iv, List.of(),
                intent(0, 2, Intent.CACHEABLE), intent(1, 2, Intent.WRITE_COMBINE), intent(2, 2, Intent.UNCACHED)));
        // uncached over a WC alias: nothing fulfils, best quality
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(wcAll), intent(0, 2, Intent.UNCACHED)));
        // MTRR WC / WT / WP rows
        for (MemType t : List.of(MemType.WC, MemType.WT, MemType.WP)) {
            c.add(s(x86(List.of(new MtrrRange(BAR2.start(), 0x1000000L, t)), Hypervisor.NONE, Set.of(Feature.RESOURCE_WB)), iv, List.of(),
                    node(0, 2, NodeKind.RESOURCE), node(1, 2, NodeKind.RESOURCE_WC), node(2, 2, NodeKind.DEVMEM), node(3, 2, NodeKind.RESOURCE_WB)));
        }
        // lockdown just before/after 5.4; non-root; exclusive claims with iomem=relaxed/strict
        for (String k : List.of("5.3", "5.4")) {
            c.add(s(new Platform(Arch.X86_64, KernelVersion.parse(k), true, Mtrr.DISABLED, Lockdown.CONFIDENTIALITY, IomemMode.DEFAULT, true, true,
                    Caller.ROOT, Hypervisor.NONE, Set.of()), iv, List.of(), node(0, 2, NodeKind.RESOURCE), node(1, 2, NodeKind.DEVMEM)));
        }
        for (IomemMode m : IomemMode.values()) {
            for (boolean strict : new boolean[] {false, true}) {
                c.add(s(new Platform(Arch.X86_64, new KernelVersion(6, 12), true, Mtrr.DISABLED, Lockdown.NONE, m, strict, false, Caller.ROOT,
                        Hypervisor.NONE, Set.of()), List.of(ivshmem(BAR0, BAR2.withBusy(true, true))), List.of(), node(0, 2, NodeKind.RESOURCE),
                        node(1, 2, NodeKind.DEVMEM_SYNC)));
            }
        }
        // non-mappable device: no resource files, /dev/mem still there
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), List.of(new Device(IV, 0x1af4, 0x1110, 0, 0, 0, 0, null, true, List.of(BAR0, BAR2))),
                List.of(), node(0, 2, NodeKind.RESOURCE), intent(1, 2, Intent.CACHEABLE), intent(2, 2, Intent.UNCACHED)));
        // offsets and lengths at the edges of pci_mmap_fits()
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(),
                new Request(0, IV, 0, NodeKind.RESOURCE, null, 0, 4096L, Prot.READ_WRITE, true, false),
                new Request(1, IV, 0, NodeKind.RESOURCE, null, 0, 4097L, Prot.READ_WRITE, true, false),
                new Request(2, IV, 2, NodeKind.RESOURCE, null, 0x1000000, null, Prot.READ_WRITE, true, false),
                new Request(3, IV, 2, NodeKind.RESOURCE, null, 0xfff000, null, Prot.READ_WRITE, true, false),
                new Request(4, IV, 2, NodeKind.DEVMEM, null, 0x1000000, 4096L, Prot.READ_WRITE, true, false),
                new Request(5, IV, 2, NodeKind.DEVMEM, null, 0x800, 4096L, Prot.READ_WRITE, true, false),
                new Request(6, IV, 2, NodeKind.RESOURCE, null, 0, 0L, Prot.READ_WRITE, true, false)));
        // /dev/mem ranges at the top of the 64-bit space: past 2^63 (signed overflow) and wrapping past 2^64
        c.add(s(x86(List.of(), Hypervisor.NONE, Set.of()), iv, List.of(),
                new Request(0, IV, 2, NodeKind.DEVMEM, null, 0x7fff_ffff_ffff_f000L, 4096L, Prot.READ_WRITE, true, false),
                new Request(1, IV, 2, NodeKind.DEVMEM, null, 0x7fff_ffff_ffff_f000L, Long.MAX_VALUE, Prot.READ_WRITE, true, false)));
        return c;
    }

    @Test
    void pinnedCasesAgree() {
        Differential diff = new Differential(DecisionEngine.builtIn(), new ReferenceModel());
        List<String> fresh = new ArrayList<>();
        int i = 0;
        for (Scenario sc : cases()) {
            Differential.Mismatch m = diff.compare(sc);
            String known = m == null ? null : KnownDisagreements.classify(m);
            if (m != null && known == null) {
                fresh.add("case " + i + ":\n" + m.describe() + ScenarioText.of(sc));
            } else if (known != null) {
                System.out.println("differential (pinned): case " + i + " is known disagreement " + known + ": " + m.describe());
            }
            i++;
        }
        System.out.println("differential (pinned): " + i + " hand-picked scenarios compared, " + fresh.size() + " new disagreement(s)");
        assertThat(fresh).as("new disagreements on pinned cases").isEmpty();
    }
}
