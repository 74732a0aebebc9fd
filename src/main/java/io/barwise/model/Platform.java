package io.barwise.model;

import java.util.Set;

/**
 * Everything about the machine that changes what a BAR mapping gets. {@link #DEFAULT} is a stock
 * x86_64 6.12 host with PAT, write-back MTRR default, no lockdown, STRICT_DEVMEM and
 * IO_STRICT_DEVMEM (Debian's config), /dev/mem present, called by root, not virtualised.
 *
 * @param pageSize the kernel's PAGE_SIZE in bytes; 0 means the arch's usual one ({@link #defaultPageSize})
 * @param physBits the CPU's physical address width as it reports it ({@code /proc/cpuinfo} "address
 *                 sizes", x86 MAXPHYADDR), or 0 when not declared: then the architecture's largest
 * @param devmem   /dev/mem exists (CONFIG_DEVMEM); a machine without it answers ENOENT
 * @param unknown  the fields (names as in {@link #UNKNOWABLE}) whose value the machine did not show:
 *                 the value given is an assumption, and a decision that depends on it says so.
 *                 Lockdown and hypervisor have their own {@code unknown} values.
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
        int physBits,
        boolean devmem,
        Set<String> unknown) {

    /** The fields that can be marked unknown. */
    public static final Set<String> UNKNOWABLE = Set.of("pat", "mtrr", "iomem", "strictDevmem", "ioStrictDevmem", "devmem");

    public static final Platform DEFAULT = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
            new Mtrr(true, MemType.WB, java.util.List.of()), Lockdown.NONE, IomemMode.DEFAULT, true, true,
            Caller.ROOT, Hypervisor.NONE, Set.of());

    public Platform {
        features = Set.copyOf(features);
        if (pageSize == 0) pageSize = defaultPageSize(arch);
        if (pageSize != 4096 && pageSize != 16384 && pageSize != 65536) {
            throw new IllegalArgumentException("page size " + pageSize + " is not 4K, 16K or 64K");
        }
        if (arch == Arch.X86_64 && pageSize != 4096) throw new IllegalArgumentException("x86_64 has 4K pages only");
        if (arch == Arch.PPC64LE && pageSize == 16384) throw new IllegalArgumentException("ppc64le has 4K or 64K pages");
        if (physBits != 0 && (physBits < 32 || physBits > 64)) throw new IllegalArgumentException("physBits " + physBits + " is not 32..64 (or 0: not declared)");
        unknown = Set.copyOf(unknown);
        for (String u : unknown) {
            if (!UNKNOWABLE.contains(u)) {
                throw new IllegalArgumentException("'" + u + "' is not a platform field that can be unknown; expected one of "
                        + UNKNOWABLE.stream().sorted().toList());
            }
        }
    }

    /** A platform whose every fact is known, with the arch's usual page size, no declared address width and /dev/mem present. */
    public Platform(Arch arch, KernelVersion kernel, boolean pat, Mtrr mtrr, Lockdown lockdown, IomemMode iomem,
                    boolean strictDevmem, boolean ioStrictDevmem, Caller caller, Hypervisor hypervisor, Set<Feature> features) {
        this(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features, 0, 0, true, Set.of());
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

    /** Whether {@code field} (e.g. {@code devmem}, {@code lockdown}) could not be read from the machine. */
    public boolean isUnknown(String field) {
        return switch (field) {
            case "lockdown" -> !lockdown.known();
            case "hypervisor" -> hypervisor == Hypervisor.UNKNOWN;
            default -> unknown.contains(field);
        };
    }

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
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, f,
                pageSize, physBits, devmem, unknown);
    }

    public Platform withLockdown(Lockdown l) {
        return new Platform(arch, kernel, pat, mtrr, l, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features,
                pageSize, physBits, devmem, unknown);
    }

    public Platform withIomem(IomemMode m) {
        return new Platform(arch, kernel, pat, mtrr, lockdown, m, strictDevmem, ioStrictDevmem, caller, hypervisor, features,
                pageSize, physBits, devmem, unknown);
    }

    public Platform withHypervisor(Hypervisor h) {
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, h, features,
                pageSize, physBits, devmem, unknown);
    }
}
