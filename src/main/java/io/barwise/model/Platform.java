package io.barwise.model;

import java.util.Set;

/**
 * Everything about the machine that changes what a BAR mapping gets. {@link #DEFAULT} is a stock
 * x86_64 6.12 host with PAT, write-back MTRR default, no lockdown, STRICT_DEVMEM and
 * IO_STRICT_DEVMEM (Debian's config), called by root, not virtualised.
 *
 * @param physBits the CPU's physical address width as it reports it ({@code /proc/cpuinfo} "address
 *                 sizes", x86 MAXPHYADDR), or 0 when not declared: then the architecture's largest
 */
public record Platform(
        Arch arch,
        KernelVersion kernel,
        boolean pat,
        Mtrr mtrr,
        Lockdown lockdown,
        IomemMode iomem,
        boolean strictDevmem,
        boolean ioStrictDevmem,
        Caller caller,
        Hypervisor hypervisor,
        Set<Feature> features,
        int physBits) {

    public static final Platform DEFAULT = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
            new Mtrr(true, MemType.WB, java.util.List.of()), Lockdown.NONE, IomemMode.DEFAULT, true, true,
            Caller.ROOT, Hypervisor.NONE, Set.of(), 0);

    public Platform {
        features = Set.copyOf(features);
        if (physBits != 0 && (physBits < 32 || physBits > 64)) throw new IllegalArgumentException("physBits " + physBits + " is not 32..64 (or 0: not declared)");
    }

    /** A platform whose physical address width is not declared. */
    public Platform(Arch arch, KernelVersion kernel, boolean pat, Mtrr mtrr, Lockdown lockdown, IomemMode iomem, boolean strictDevmem,
                    boolean ioStrictDevmem, Caller caller, Hypervisor hypervisor, Set<Feature> features) {
        this(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features, 0);
    }

    public boolean has(Feature f) { return features.contains(f); }

    /** x86 arch_can_pci_mmap_wc() is pat_enabled(); without PAT there is no PAT on any other arch either. */
    public boolean patActive() { return arch == Arch.X86_64 && pat; }

    /** kernel/resource.c: strict_iomem_checks is set by CONFIG_STRICT_DEVMEM and overridden by iomem=. */
    public boolean strictIomemChecks() {
        return switch (iomem) {
            case RELAXED -> false;
            case STRICT -> true;
            case DEFAULT -> strictDevmem;
        };
    }

    public Platform withFeatures(Set<Feature> f) {
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, f, physBits);
    }
}
