package io.barwise.advice;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.IomemMode;
import io.barwise.model.Lockdown;
import io.barwise.model.Platform;
import io.barwise.model.Request;
import io.barwise.model.Reservation;
import io.barwise.model.Scenario;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A fact of the machine that could be otherwise, what it takes to make it so, and the scenario in
 * which it is. {@link Advisor} decides a request again under each change that applies to it.
 */
public enum Change {
    /** The proposed resourceN_wb node (lab/kernel/patches/0002). */
    RESOURCE_WB("resource-wb", "needs a patched kernel (lab/kernel/patches/0002)") {
        boolean applies(Scenario s, Request r) { return !s.platform().has(Feature.RESOURCE_WB); }

        String what(Scenario s, Request r) { return "a kernel with resource" + r.bar() + "_wb"; }

        Scenario apply(Scenario s, Request r) { return withPlatform(s, s.platform().withFeatures(plus(s.platform(), Feature.RESOURCE_WB))); }
    },
    /** The seed RFC's quirk: ivshmem BAR2 mapped write-back through resourceN (lab/kernel/patches/0001). */
    IVSHMEM_QUIRK("ivshmem-quirk", "needs a patched kernel (lab/kernel/patches/0001)") {
        boolean applies(Scenario s, Request r) { return !s.platform().has(Feature.IVSHMEM_CACHEABLE_QUIRK); }

        String what(Scenario s, Request r) { return "a kernel with the seed RFC's ivshmem quirk"; }

        Scenario apply(Scenario s, Request r) {
            return withPlatform(s, s.platform().withFeatures(plus(s.platform(), Feature.IVSHMEM_CACHEABLE_QUIRK)));
        }
    },
    /** KVM on Intel ignores the guest's page attributes for RAM-backed memory. */
    INTEL_HOST("intel-host", "host change") {
        boolean applies(Scenario s, Request r) {
            Hypervisor h = s.platform().hypervisor();
            return h == Hypervisor.KVM_AMD || h == Hypervisor.KVM_INTEL_HONOR_GUEST_PAT;
        }

        String what(Scenario s, Request r) { return "the guest on a KVM Intel host (guest PAT ignored for RAM)"; }

        Scenario apply(Scenario s, Request r) { return withPlatform(s, s.platform().withHypervisor(Hypervisor.KVM_INTEL)); }
    },
    /** Above 4 GiB no firmware MTRR makes the range uncachable. */
    BAR_ABOVE_4G("bar-above-4g", "VM or firmware configuration") {
        boolean applies(Scenario s, Request r) {
            Bar b = bar(s, r);
            return b.isMem() && b.is64() && b.size() > 0 && b.end() < FOUR_GIB;
        }

        String what(Scenario s, Request r) { return "BAR" + r.bar() + " assigned above 4 GiB"; }

        Scenario apply(Scenario s, Request r) {
            Bar b = bar(s, r);
            long size = Long.highestOneBit(b.size()) == b.size() ? b.size() : Long.highestOneBit(b.size()) << 1;
            long start = Math.max(FOUR_GIB, size);
            return withDevice(s, device(s, r).withBar(b.at((start + size - 1) / size * size)));
        }
    },
    /** The PAT entries of other mappers (and of earlier requests) on the BAR gone. */
    NO_OTHER_MAPPER("no-other-mapper", "the other mapping must go first") {
        boolean applies(Scenario s, Request r) { return !others(s, r).isEmpty() || earlier(s, r) > 0; }

        String what(Scenario s, Request r) {
            List<String> who = new ArrayList<>();
            others(s, r).forEach(x -> who.add(x.owner() == null ? x.type().patName() + " entry" : x.owner()));
            if (earlier(s, r) > 0) who.add("the earlier requests on BAR" + r.bar());
            return "no other mapping of the range (" + String.join(", ", who) + ")";
        }

        Scenario apply(Scenario s, Request r) {
            List<Reservation> kept = s.reservations().stream().filter(x -> !others(s, r).contains(x)).toList();
            List<Request> requests = s.requests().stream()
                    .filter(q -> q == r || !(q.device().equals(r.device()) && q.bar() == r.bar())).toList();
            return new Scenario(s.platform(), s.devices(), kept, requests);
        }
    },
    /** A bound driver claims its BARs; unbound, they are free. */
    DRIVER_UNBOUND("driver-unbound", "the device stops working for its driver") {
        boolean applies(Scenario s, Request r) {
            Device d = device(s, r);
            return d.driver() != null || d.bars().stream().anyMatch(Bar::busy);
        }

        String what(Scenario s, Request r) {
            Device d = device(s, r);
            return d.driver() == null ? "its BARs unclaimed"
                    : "driver " + d.driver() + " unbound (echo " + d.bdf() + " > /sys/bus/pci/drivers/" + d.driver() + "/unbind)";
        }

        Scenario apply(Scenario s, Request r) { return withDevice(s, device(s, r).withoutDriver()); }
    },
    /** iomem=relaxed lets /dev/mem reach ranges a driver claimed. */
    IOMEM_RELAXED("iomem-relaxed", "reboot with a boot parameter that weakens /dev/mem protection") {
        boolean applies(Scenario s, Request r) { return s.platform().iomem() != IomemMode.RELAXED; }

        String what(Scenario s, Request r) { return "booted with iomem=relaxed"; }

        Scenario apply(Scenario s, Request r) { return withPlatform(s, s.platform().withIomem(IomemMode.RELAXED)); }
    },
    /** Lockdown blocks PCI resource mmap and /dev/mem. */
    LOCKDOWN_OFF("lockdown-off", "reboot without lockdown (and Secure Boot's enforcement)") {
        boolean applies(Scenario s, Request r) { return s.platform().lockdown().active(); }

        String what(Scenario s, Request r) { return "kernel lockdown off"; }

        Scenario apply(Scenario s, Request r) { return withPlatform(s, s.platform().withLockdown(Lockdown.NONE)); }
    };

    static final long FOUR_GIB = 1L << 32;

    private final String id;
    private final String cost;

    Change(String id, String cost) {
        this.id = id;
        this.cost = cost;
    }

    /** A stable name: {@code resource-wb}, {@code lockdown-off}, ... */
    public String id() { return id; }

    /** What the change costs whoever makes it. */
    public String cost() { return cost; }

    /** Whether the fact is not already so, and could matter for this request. */
    abstract boolean applies(Scenario s, Request r);

    /** The change, in words, for this request. */
    abstract String what(Scenario s, Request r);

    /** The scenario with the fact changed. */
    abstract Scenario apply(Scenario s, Request r);

    private static Set<Feature> plus(Platform p, Feature f) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        out.addAll(p.features());
        out.add(f);
        return out;
    }

    private static Scenario withPlatform(Scenario s, Platform p) { return new Scenario(p, s.devices(), s.reservations(), s.requests()); }

    private static Scenario withDevice(Scenario s, Device d) {
        return new Scenario(s.platform(), s.devices().stream().map(x -> x.bdf().equals(d.bdf()) ? d : x).toList(), s.reservations(),
                s.requests());
    }

    private static Device device(Scenario s, Request r) { return s.device(r.device()).orElseThrow(); }

    private static Bar bar(Scenario s, Request r) { return device(s, r).bar(r.bar()).orElseThrow(); }

    /** PAT entries already present over the BAR's pages. */
    private static List<Reservation> others(Scenario s, Request r) {
        Bar b = bar(s, r);
        long start = b.start() & ~0xfffL;
        long end = start + b.pages(4096) * 4096;
        return s.reservations().stream().filter(x -> x.overlaps(start, end)).toList();
    }

    private static long earlier(Scenario s, Request r) {
        return s.requests().stream().filter(q -> q != r && q.device().equals(r.device()) && q.bar() == r.bar()).count();
    }
}
