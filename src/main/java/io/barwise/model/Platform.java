package io.barwise.model;

import java.util.Set;

/**
 * Everything about the machine that changes what a BAR mapping gets. {@link #DEFAULT} is a stock
 * x86_64 6.12 host with PAT, write-back MTRR default, no lockdown, STRICT_DEVMEM and
 * IO_STRICT_DEVMEM (Debian's config), /dev/mem present, called by root, not virtualised.
 *
 * @param devmem  /dev/mem exists (CONFIG_DEVMEM); a machine without it answers ENOENT
 * @param unknown the fields (names as in {@link #UNKNOWABLE}) whose value the machine did not show:
 *                the value given is an assumption, and a decision that depends on it says so.
 *                Lockdown and hypervisor have their own {@code unknown} values.
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
        boolean devmem,
        Set<String> unknown) {

    /** The fields that can be marked unknown. */
    public static final Set<String> UNKNOWABLE = Set.of("pat", "mtrr", "iomem", "strictDevmem", "ioStrictDevmem", "devmem");

    public static final Platform DEFAULT = new Platform(Arch.X86_64, new KernelVersion(6, 12), true,
            new Mtrr(true, MemType.WB, java.util.List.of()), Lockdown.NONE, IomemMode.DEFAULT, true, true,
            Caller.ROOT, Hypervisor.NONE, Set.of());

    public Platform {
        features = Set.copyOf(features);
        unknown = Set.copyOf(unknown);
        for (String u : unknown) {
            if (!UNKNOWABLE.contains(u)) {
                throw new IllegalArgumentException("'" + u + "' is not a platform field that can be unknown; expected one of "
                        + UNKNOWABLE.stream().sorted().toList());
            }
        }
    }

    /** A platform whose every fact is known, with /dev/mem present. */
    public Platform(Arch arch, KernelVersion kernel, boolean pat, Mtrr mtrr, Lockdown lockdown, IomemMode iomem,
                    boolean strictDevmem, boolean ioStrictDevmem, Caller caller, Hypervisor hypervisor, Set<Feature> features) {
        this(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, features, true, Set.of());
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
        return new Platform(arch, kernel, pat, mtrr, lockdown, iomem, strictDevmem, ioStrictDevmem, caller, hypervisor, f, devmem, unknown);
    }
}
