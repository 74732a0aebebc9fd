package io.barwise.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference model against the kernel reference (shared/reference/kernel-bar-mmap.md), without the engine. */
class ReferenceModelTest {
    static final String IVSHMEM = "0000:00:02.0";
    static final Bar BAR0 = new Bar(0, 0xfebfe000L, 0xfebfe0ffL, 0x40200);
    static final Bar BAR2 = new Bar(2, 0x800000000L, 0x800ffffffL, 0x14220c);
    static final Platform HOST = Platform.DEFAULT;

    final ReferenceModel model = new ReferenceModel();

    static Device ivshmem(Bar... bars) {
        return new Device(IVSHMEM, 0x1af4, 0x1110, 0x1af4, 0x1100, 0x050000, 1, null, false, List.of(bars));
    }

    static Platform with(Platform p, Hypervisor hv, Set<Feature> f) {
        return new Platform(p.arch(), p.kernel(), p.pat(), p.mtrr(), p.lockdown(), p.iomem(), p.strictDevmem(), p.ioStrictDevmem(),
                p.caller(), hv, f);
    }

    static Platform platform(Arch arch, String kernel, boolean pat) {
        Platform p = HOST;
        return new Platform(arch, KernelVersion.parse(kernel), pat, p.mtrr(), p.lockdown(), p.iomem(), p.strictDevmem(),
                p.ioStrictDevmem(), p.caller(), p.hypervisor(), p.features());
    }

    List<Decision> decide(Platform p, List<Reservation> res, Request... reqs) {
        return model.decide(new Scenario(p, List.of(ivshmem(BAR0, BAR2)), res, List.of(reqs))).decisions();
    }

    Decision one(Platform p, List<Reservation> res, Request r) { return decide(p, res, r).get(0); }

    static Request node(int bar, NodeKind k) { return Request.node(0, IVSHMEM, bar, k); }

    static Reservation overBar2(MemType t) { return new Reservation(BAR2.start(), BAR2.end() + 1, t, "driver"); }

    @Test
    void patOutcomeMatrixForSysfs() { // §2.4
        assertThat(one(HOST, List.of(), node(2, NodeKind.RESOURCE)).memtype()).isEqualTo(MemType.UC_MINUS);
        assertThat(one(HOST, List.of(), node(2, NodeKind.RESOURCE_WC)).memtype()).isEqualTo(MemType.WC);
        assertThat(one(HOST, List.of(overBar2(MemType.UC_MINUS)), node(2, NodeKind.RESOURCE_WC)).memtype()).isEqualTo(MemType.UC_MINUS);
        assertThat(one(HOST, List.of(overBar2(MemType.WC)), node(2, NodeKind.RESOURCE)).memtype()).isEqualTo(MemType.WC);
        assertThat(one(HOST, List.of(overBar2(MemType.UC)), node(2, NodeKind.RESOURCE_WC)).memtype()).isEqualTo(MemType.UC);
        for (NodeKind k : List.of(NodeKind.RESOURCE, NodeKind.RESOURCE_WC)) {
            Decision d = one(HOST, List.of(overBar2(MemType.WB)), node(2, k));
            assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(d.errno()).isEqualTo(Errno.EINVAL);
        }
        Decision mixed = one(HOST, List.of(new Reservation(BAR2.start(), BAR2.start() + 4096, MemType.UC_MINUS, "a"),
                new Reservation(BAR2.start() + 4096, BAR2.start() + 8192, MemType.WC, "b")), node(2, NodeKind.RESOURCE));
        assertThat(mixed.errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void devmemFollowsMtrrAndAliases() { // §5
        assertThat(one(HOST, List.of(), node(2, NodeKind.DEVMEM)).memtype()).isEqualTo(MemType.WB);
        Platform ucMtrr = new Platform(Arch.X86_64, new KernelVersion(6, 12), true, new Mtrr(true, MemType.UC, List.of()),
                Lockdown.NONE, IomemMode.DEFAULT, true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
        assertThat(one(ucMtrr, List.of(), node(2, NodeKind.DEVMEM)).memtype()).isEqualTo(MemType.UC_MINUS);
        // half of the range WB, half UC: not uniform, so UC-
        Platform half = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
                new Mtrr(true, MemType.WB, List.of(new MtrrRange(BAR2.start() + 0x800000, 0x800000, MemType.UC))),
                Lockdown.NONE, IomemMode.DEFAULT, true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
        assertThat(one(half, List.of(), node(2, NodeKind.DEVMEM)).memtype()).isEqualTo(MemType.UC_MINUS);
        assertThat(one(HOST, List.of(overBar2(MemType.WC)), node(2, NodeKind.DEVMEM)).memtype()).isEqualTo(MemType.WC);
        Decision sync = one(HOST, List.of(overBar2(MemType.WB)), node(2, NodeKind.DEVMEM_SYNC));
        assertThat(sync.errno()).isEqualTo(Errno.EAGAIN);
        Platform noCap = new Platform(Arch.X86_64, new KernelVersion(6, 12), true, HOST.mtrr(), Lockdown.NONE, IomemMode.DEFAULT,
                true, true, new Caller(true, false), Hypervisor.NONE, Set.of());
        assertThat(one(noCap, List.of(), node(2, NodeKind.DEVMEM)).errno()).isEqualTo(Errno.EPERM);
        assertThat(one(noCap, List.of(), node(2, NodeKind.RESOURCE)).outcome()).isEqualTo(Outcome.MAPPED);
    }

    @Test
    void mmapFitsCountsPages() { // §1.4
        assertThat(one(HOST, List.of(), node(0, NodeKind.RESOURCE)).outcome()).isEqualTo(Outcome.MAPPED);
        Request twoPages = new Request(0, IVSHMEM, 0, NodeKind.RESOURCE, null, 0, 8192L, Prot.READ_WRITE, true, true);
        assertThat(one(HOST, List.of(), twoPages).errno()).isEqualTo(Errno.EINVAL);
        Request past = new Request(0, IVSHMEM, 2, NodeKind.RESOURCE, null, 0x1000000, 4096L, Prot.READ_WRITE, true, true);
        assertThat(one(HOST, List.of(), past).errno()).isEqualTo(Errno.EINVAL);
        Request last = new Request(0, IVSHMEM, 2, NodeKind.RESOURCE, null, 0xfff000, 4096L, Prot.READ_WRITE, true, true);
        assertThat(one(HOST, List.of(), last).outcome()).isEqualTo(Outcome.MAPPED);
        Request unaligned = new Request(0, IVSHMEM, 2, NodeKind.RESOURCE, null, 0x10, null, Prot.READ_WRITE, true, true);
        assertThat(one(HOST, List.of(), unaligned).errno()).isEqualTo(Errno.EINVAL);
        // /dev/mem does not check the BAR's bounds
        Request devmemPast = new Request(0, IVSHMEM, 0, NodeKind.DEVMEM, null, 0, 8192L, Prot.READ_WRITE, true, true);
        assertThat(one(HOST, List.of(), devmemPast).outcome()).isEqualTo(Outcome.MAPPED);
    }

    @Test
    void nodesByArchAndKernel() { // §1.1
        assertThat(one(platform(Arch.X86_64, "6.12", false), List.of(), node(2, NodeKind.RESOURCE_WC)).errno()).isEqualTo(Errno.ENOENT);
        // kernels older than 5.10 are decided as 5.10: 4.12 no longer gets the pre-4.13 _wc, arm64 5.9 gets 5.10's
        assertThat(one(platform(Arch.X86_64, "4.12", false), List.of(), node(2, NodeKind.RESOURCE_WC)).errno()).isEqualTo(Errno.ENOENT);
        assertThat(one(platform(Arch.ARM64, "5.9", true), List.of(), node(2, NodeKind.RESOURCE_WC)).effective()).isEqualTo(MemType.WC);
        assertThat(one(platform(Arch.ARM64, "5.10", true), List.of(), node(2, NodeKind.RESOURCE_WC)).effective()).isEqualTo(MemType.WC);
        assertThat(one(platform(Arch.PPC64LE, "5.10", true), List.of(), node(2, NodeKind.RESOURCE)).effective()).isEqualTo(MemType.UC);
        assertThat(one(HOST, List.of(), node(0, NodeKind.RESOURCE_WC)).errno()).isEqualTo(Errno.ENOENT); // BAR0 not prefetchable
        assertThat(one(HOST, List.of(), node(2, NodeKind.RESOURCE_WB)).errno()).isEqualTo(Errno.ENOENT);
        assertThat(one(HOST.withFeatures(Set.of(Feature.RESOURCE_WB)), List.of(), node(2, NodeKind.RESOURCE_WB)).memtype()).isEqualTo(MemType.WB);
    }

    @Test
    void ioBarsLockdownAndExclusivity() { // §1.2, §1.3, §1.5
        Bar io = new Bar(1, 0xc000, 0xc01f, 0x40101);
        Device d = new Device("0000:00:03.0", 0x8086, 0x100e, 0x8086, 0, 0x020000, 0, null, false, List.of(io, BAR2));
        Request r = Request.node(0, "0000:00:03.0", 1, NodeKind.RESOURCE);
        assertThat(model.decide(new Scenario(HOST, List.of(d), List.of(), List.of(r))).decisions().get(0).errno()).isEqualTo(Errno.ENODEV);
        assertThat(model.decide(new Scenario(platform(Arch.PPC64LE, "6.1", false), List.of(d), List.of(), List.of(r))).decisions().get(0).outcome())
                .isEqualTo(Outcome.MAPPED);
        Platform locked = new Platform(Arch.X86_64, new KernelVersion(5, 4), true, HOST.mtrr(), Lockdown.INTEGRITY, IomemMode.DEFAULT,
                true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
        assertThat(one(locked, List.of(), node(2, NodeKind.RESOURCE)).errno()).isEqualTo(Errno.EPERM);
        Platform oldLocked = new Platform(Arch.X86_64, new KernelVersion(5, 3), true, HOST.mtrr(), Lockdown.INTEGRITY, IomemMode.DEFAULT,
                true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
        assertThat(one(oldLocked, List.of(), node(2, NodeKind.RESOURCE)).errno()).isEqualTo(Errno.EPERM); // decided as 5.10

        Device claimed = ivshmem(BAR0, BAR2.withBusy(true, false));
        Request res2 = node(2, NodeKind.RESOURCE);
        assertThat(model.decide(new Scenario(HOST, List.of(claimed), List.of(), List.of(res2))).decisions().get(0).errno()).isEqualTo(Errno.EINVAL);
        Platform relaxed = new Platform(Arch.X86_64, new KernelVersion(6, 12), true, HOST.mtrr(), Lockdown.NONE, IomemMode.RELAXED,
                true, true, Caller.ROOT, Hypervisor.NONE, Set.of());
        assertThat(model.decide(new Scenario(relaxed, List.of(claimed), List.of(), List.of(res2))).decisions().get(0).outcome()).isEqualTo(Outcome.MAPPED);
        Request dm = node(2, NodeKind.DEVMEM);
        assertThat(model.decide(new Scenario(HOST, List.of(claimed), List.of(), List.of(dm))).decisions().get(0).errno()).isEqualTo(Errno.EPERM);
    }

    @Test
    void hypervisorsOnIvshmemBar2() { // §3.2
        assertThat(one(with(HOST, Hypervisor.KVM_INTEL, Set.of()), List.of(), node(2, NodeKind.RESOURCE)).effective()).isEqualTo(MemType.WB);
        assertThat(one(with(HOST, Hypervisor.KVM_AMD, Set.of()), List.of(), node(2, NodeKind.RESOURCE)).effective()).isEqualTo(MemType.UC);
        assertThat(one(with(HOST, Hypervisor.KVM_INTEL_HONOR_GUEST_PAT, Set.of()), List.of(), node(2, NodeKind.RESOURCE_WC)).effective())
                .isEqualTo(MemType.WC);
        // BAR0 is a device register block, not RAM: MTRR x PAT even under KVM on Intel
        assertThat(one(with(HOST, Hypervisor.KVM_INTEL, Set.of()), List.of(), node(0, NodeKind.RESOURCE)).effective()).isEqualTo(MemType.UC);
    }

    @Test
    void cacheableQuirkIsUntrackedWriteBack() { // §6 (seed RFC)
        Decision d = one(HOST.withFeatures(Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK)), List.of(), node(2, NodeKind.RESOURCE));
        assertThat(d.memtype()).isNull();
        assertThat(d.effective()).isEqualTo(MemType.WB);
        assertThat(d.remap()).isEqualTo(RemapPath.REMAP_PFN_RANGE_NOTRACK);
    }

    @Test
    void heldMappingsBecomeReservations() {
        List<Decision> ds = decide(HOST, List.of(), node(2, NodeKind.RESOURCE),
                new Request(1, IVSHMEM, 2, NodeKind.RESOURCE_WC, null, 0, null, Prot.READ_WRITE, true, true));
        assertThat(ds.get(1).memtype()).isEqualTo(MemType.UC_MINUS);
        List<Decision> notHeld = decide(HOST, List.of(),
                new Request(0, IVSHMEM, 2, NodeKind.RESOURCE, null, 0, null, Prot.READ_WRITE, true, false),
                new Request(1, IVSHMEM, 2, NodeKind.RESOURCE_WC, null, 0, null, Prot.READ_WRITE, true, true));
        assertThat(notHeld.get(1).memtype()).isEqualTo(MemType.WC);
    }

    @Test
    void intentsPickByRankThenQuality() {
        Platform intel = with(HOST, Hypervisor.KVM_INTEL, Set.of());
        assertThat(one(intel, List.of(), Request.intent(0, IVSHMEM, 2, Intent.CACHEABLE)).node()).isEqualTo("devmem");
        assertThat(one(with(HOST, Hypervisor.KVM_INTEL, Set.of(Feature.RESOURCE_WB)), List.of(), Request.intent(0, IVSHMEM, 2, Intent.CACHEABLE)).node())
                .isEqualTo("resource2_wb");
        assertThat(one(with(HOST, Hypervisor.KVM_AMD, Set.of(Feature.IVSHMEM_CACHEABLE_QUIRK)), List.of(), Request.intent(0, IVSHMEM, 2, Intent.CACHEABLE)).node())
                .isEqualTo("resource2");
        assertThat(one(HOST, List.of(), Request.intent(0, IVSHMEM, 2, Intent.WRITE_COMBINE)).node()).isEqualTo("resource2_wc");
        // every candidate refused: the first candidate's refusal
        Platform user = new Platform(Arch.X86_64, new KernelVersion(6, 12), true, HOST.mtrr(), Lockdown.NONE, IomemMode.DEFAULT,
                true, true, new Caller(false, false), Hypervisor.NONE, Set.of());
        Decision d = one(user, List.of(), Request.intent(0, IVSHMEM, 2, Intent.UNCACHED));
        assertThat(d.node()).isEqualTo("resource2");
        assertThat(d.errno()).isEqualTo(Errno.EACCES);
        // uncached over a WC alias: resource2 is granted WC, devmem-sync too: none fulfils, best quality (WC=1), lowest rank
        Decision wc = one(HOST, List.of(overBar2(MemType.WC)), Request.intent(0, IVSHMEM, 2, Intent.UNCACHED));
        assertThat(wc.node()).isEqualTo("resource2");
        assertThat(wc.effective()).isEqualTo(MemType.WC);
    }

    @Test
    void sdmTable() { // §3.1
        MemType[] pat = {MemType.UC, MemType.UC_MINUS, MemType.WC, MemType.WT, MemType.WB, MemType.WP};
        String[] rows = {"UC UC WC UC UC UC", "UC WC WC UC WC UC", "UC UC WC WT WT WP", "UC UC WC WT WB WP", "UC WC WC WT WP WP"};
        MemType[] mtrr = {MemType.UC, MemType.WC, MemType.WT, MemType.WB, MemType.WP};
        List<String> got = new ArrayList<>();
        for (MemType m : mtrr) {
            List<String> row = new ArrayList<>();
            for (MemType p : pat) row.add(ReferenceModel.sdm(m, p).shortName());
            got.add(String.join(" ", row));
        }
        assertThat(got).containsExactly(rows);
    }
}
