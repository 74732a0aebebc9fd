package io.barwise.model;

/**
 * What runs below the kernel, for RAM-backed BARs such as ivshmem BAR2 (a KVM memslot).
 * arch/x86/kvm/vmx/vmx.c: vmx_get_mt_mask; arch/x86/kvm/svm (guest PAT in the VMCB).
 */
public enum Hypervisor {
    /** Bare metal: the effective type is MTRR x PAT. */
    NONE("none"),
    /** KVM on Intel with KVM_X86_QUIRK_IGNORE_GUEST_PAT (the default): EPT forces WB with IPAT. */
    KVM_INTEL("kvm-intel"),
    /** KVM on Intel with the quirk disabled (self-snoop CPUs, or 6.11): guest PAT combines with EPT WB. */
    KVM_INTEL_HONOR_GUEST_PAT("kvm-intel-honor-guest-pat"),
    /** KVM on AMD: NPT honours the guest PAT; guest MTRRs are ignored. */
    KVM_AMD("kvm-amd"),
    /** Intel TDX: guest PAT always honoured. */
    TDX("tdx"),
    /** AMD SEV-SNP under KVM: NPT honours the guest PAT, as for KVM on AMD. */
    SEV_SNP("sev-snp");

    private final String id;

    Hypervisor(String id) { this.id = id; }

    public String id() { return id; }

    public static Hypervisor parse(String s) { return Names.parse(Hypervisor.class, s, Hypervisor::id); }
}
