package io.barwise.model;

/**
 * What runs below the kernel, for RAM-backed BARs such as ivshmem BAR2 (a KVM memslot).
 * arch/x86/kvm/vmx/vmx.c: vmx_get_mt_mask; arch/x86/kvm/svm (guest PAT in the VMCB). A machine
 * names its hypervisor in dmesg ("Hypervisor detected: X", arch/x86/kernel/cpu/hypervisor.c) and
 * /sys/hypervisor/type; Firecracker and cloud-hypervisor report KVM.
 */
public enum Hypervisor {
    /** Bare metal: the effective type is MTRR x PAT. */
    NONE("none", true),
    /** KVM on Intel with KVM_X86_QUIRK_IGNORE_GUEST_PAT (the default): EPT forces WB with IPAT. */
    KVM_INTEL("kvm-intel", true),
    /** KVM on Intel with the quirk disabled (self-snoop CPUs, or 6.11): guest PAT combines with EPT WB. */
    KVM_INTEL_HONOR_GUEST_PAT("kvm-intel-honor-guest-pat", true),
    /** KVM on AMD: NPT honours the guest PAT; guest MTRRs are ignored. */
    KVM_AMD("kvm-amd", true),
    /** Intel TDX: guest PAT always honoured. */
    TDX("tdx", true),
    /** AMD SEV-SNP under KVM: NPT honours the guest PAT, as for KVM on AMD. */
    SEV_SNP("sev-snp", true),
    /** KVM on a CPU whose vendor is not known: Intel and AMD treat guest PAT differently. */
    KVM("kvm", false),
    XEN("xen", false),
    HYPERV("hyper-v", false),
    VMWARE("vmware", false),
    /** Pagetable-based Virtual Machine (a guest kernel in host user mode on top of KVM). */
    PVM("pvm", false),
    ACRN("acrn", false),
    /** A hypervisor runs (cpuinfo flag) but the machine does not say which, or it is one barwise does not list. */
    OTHER("other", false),
    /** Whether a hypervisor runs could not be read. */
    UNKNOWN("unknown", false);

    private final String id;
    private final boolean modelled;

    Hypervisor(String id, boolean modelled) {
        this.id = id;
        this.modelled = modelled;
    }

    public String id() { return id; }

    /** barwise knows how this one treats a guest's memory types for RAM-backed BARs. */
    public boolean modelled() { return modelled; }

    /** A guest (known to run under a hypervisor); false for bare metal and for unknown. */
    public boolean virtualized() { return this != NONE && this != UNKNOWN; }

    public static Hypervisor parse(String s) { return Names.parse(Hypervisor.class, s, Hypervisor::id); }
}
