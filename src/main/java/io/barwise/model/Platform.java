package io.barwise.model;

import java.util.Set;

/**
 * Everything about the machine that changes what a BAR mapping gets. {@link #DEFAULT} is a stock
 * x86_64 6.12 host with PAT, write-back MTRR default, no lockdown, STRICT_DEVMEM and
 * IO_STRICT_DEVMEM (Debian's config), called by root, not virtualised.
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
        Set<Feature> features) {

    public static final Platform DEFAULT = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
            new Mtrr(true, MemType.WB, java.util.List.of()), Lockdown.NONE, IomemMode.DEFAULT, true, true,
            Caller.ROOT, Hypervisor.NONE, Set.of());

    public Platform {
        features = Set.copyOf(features);
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
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, f);
    }

    public Platform withLockdown(Lockdown l) {
        return new Platform(arch, kernel, pat, mtrr, l, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features);
    }

    public Platform withIomem(IomemMode m) {
        return new Platform(arch, kernel, pat, mtrr, lockdown, m, strictDevmem, ioStrictDevmem, caller, hypervisor, features);
    }

    public Platform withHypervisor(Hypervisor h) {
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, h, features);
    }
}
