package io.barwise.model;

import java.util.Set;

/**
 * Everything about the machine that changes what a BAR mapping gets. {@link #DEFAULT} is a stock
 * x86_64 6.12 host with PAT, write-back MTRR default, no lockdown, STRICT_DEVMEM and
 * IO_STRICT_DEVMEM (Debian's config), called by root, not virtualised.
 *
 * @param pageSize the kernel's PAGE_SIZE in bytes; 0 means the arch's usual one ({@link #defaultPageSize})
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
        long pageSize,
        int physBits) {

    public static final Platform DEFAULT = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
            new Mtrr(true, MemType.WB, java.util.List.of()), Lockdown.NONE, IomemMode.DEFAULT, true, true,
            Caller.ROOT, Hypervisor.NONE, Set.of(), 0, 0);

    public Platform {
        features = Set.copyOf(features);
        if (pageSize == 0) pageSize = defaultPageSize(arch);
        if (pageSize != 4096 && pageSize != 16384 && pageSize != 65536) {
            throw new IllegalArgumentException("page size " + pageSize + " is not 4K, 16K or 64K");
        }
        if (arch == Arch.X86_64 && pageSize != 4096) throw new IllegalArgumentException("x86_64 has 4K pages only");
        if (arch == Arch.PPC64LE && pageSize == 16384) throw new IllegalArgumentException("ppc64le has 4K or 64K pages");
        if (physBits != 0 && (physBits < 32 || physBits > 64)) throw new IllegalArgumentException("physBits " + physBits + " is not 32..64 (or 0: not declared)");
    }

    /** A platform with the arch's usual page size and no declared physical address width. */
    public Platform(Arch arch, KernelVersion kernel, boolean pat, Mtrr mtrr, Lockdown lockdown, IomemMode iomem,
                    boolean strictDevmem, boolean ioStrictDevmem, Caller caller, Hypervisor hypervisor, Set<Feature> features) {
        this(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features, 0, 0);
    }

    /**
     * The page size a distribution kernel of the arch uses: x86_64 4K; arm64 4K (Debian, Ubuntu,
     * Fedora; 16K and 64K are CONFIG_ARM64_{16K,64K}_PAGES); ppc64le 64K (arch/powerpc/Kconfig:
     * PPC_64K_PAGES is the default on Book3S 64).
     */
    public static long defaultPageSize(Arch arch) {
        return arch == Arch.PPC64LE ? 65536 : 4096;
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
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, f, pageSize, physBits);
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
