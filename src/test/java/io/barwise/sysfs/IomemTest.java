package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.Hypervisor;
import io.barwise.model.Lockdown;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IomemTest {

    static final String IOMEM = """
            00000000-00000fff : Reserved
            00100000-bfffffff : System RAM
              01000000-0225877f : Kernel code
            4000000000-7fffffffff : PCI Bus 0000:00
              4000000000-400007ffff : 0000:00:01.0
                4000000000-400007ffff : virtio-pci-modern
              4000080000-40000fffff : 0000:00:02.0
              4000100000-400017ffff : 0000:00:03.0
                4000100000-4000100fff : nvme
                4000101000-4000101fff : nvme
            febf0000-febfffff : PCI Bus 0000:00
              febfe000-febfe0ff : 0000:00:04.0
            """;

    @Test
    void claimantsAreTheEntriesUnderTheBar() {
        Iomem t = Iomem.parse(IOMEM).orElseThrow();
        assertThat(t.claimants("0000:00:01.0", 0x4000000000L, 0x400007ffffL)).contains(List.of("virtio-pci-modern"));
        assertThat(t.claimants("0000:00:02.0", 0x4000080000L, 0x40000fffffL)).contains(List.of());
        assertThat(t.claimants("0000:00:03.0", 0x4000100000L, 0x400017ffffL)).contains(List.of("nvme"));
        assertThat(t.claimants("0000:00:04.0", 0xfebfe000L, 0xfebfe0ffL)).contains(List.of());
        // a BAR the tree does not hold, or held under another name
        assertThat(t.claimants("0000:00:05.0", 0x4000200000L, 0x400027ffffL)).isEmpty();
        assertThat(t.claimants("0000:00:02.0", 0x4000000000L, 0x400007ffffL)).isEmpty();
    }

    @Test
    void withoutPrivilegeTheTreeShowsNothing() {
        String user = IOMEM.replaceAll("[0-9a-f]+-[0-9a-f]+ :", "00000000-00000000 :");
        assertThat(Iomem.parse(user)).isEmpty();
        assertThat(Iomem.parse("")).isEmpty();
    }

    @Test
    void dmesgLinesNameHypervisorMtrrAndLockdown() {
        String dmesg = """
                [    0.000000] Linux version 6.18.44 (builder@x) #1 SMP
                [    0.000000] Hypervisor detected: PVM
                [    0.000493] MTRRs disabled (not available)
                [    0.077598] Kernel is locked down from Kernel configuration; see man kernel_lockdown.7
                """;
        assertThat(Parsers.dmesgHypervisor(dmesg)).contains("PVM");
        assertThat(Parsers.dmesgMtrrDisabled(dmesg)).contains("MTRRs disabled (not available)");
        assertThat(Parsers.dmesgMtrrDisabled("[ 0.1] x86/mtrr: MTRRs disabled by BIOS\n")).contains("MTRRs disabled by BIOS");
        assertThat(Parsers.dmesgLockedDown(dmesg)).contains("Kernel configuration");
        assertThat(Parsers.dmesgHypervisor("[0.0] Hypervisor detected: Microsoft Hyper-V\n")).contains("Microsoft Hyper-V");
        assertThat(Parsers.dmesgHypervisor("nothing here")).isEmpty();
        assertThat(Parsers.forcedLockdown("CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y\n")).contains(Lockdown.CONFIDENTIALITY);
        assertThat(Parsers.forcedLockdown("# CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY is not set\n")).isEqualTo(Optional.empty());
    }

    @Test
    void hypervisorNamesBecomeModelValues() {
        assertThat(SysfsMachine.hypervisor("KVM", "GenuineIntel")).isEqualTo(Hypervisor.KVM_INTEL);
        assertThat(SysfsMachine.hypervisor("KVM", "AuthenticAMD")).isEqualTo(Hypervisor.KVM_AMD);
        assertThat(SysfsMachine.hypervisor("KVM", null)).isEqualTo(Hypervisor.KVM);
        assertThat(SysfsMachine.hypervisor("Xen HVM", "GenuineIntel")).isEqualTo(Hypervisor.XEN);
        assertThat(SysfsMachine.hypervisor("xen", null)).isEqualTo(Hypervisor.XEN); // /sys/hypervisor/type
        assertThat(SysfsMachine.hypervisor("Microsoft Hyper-V", null)).isEqualTo(Hypervisor.HYPERV);
        assertThat(SysfsMachine.hypervisor("VMware", null)).isEqualTo(Hypervisor.VMWARE);
        assertThat(SysfsMachine.hypervisor("PVM", null)).isEqualTo(Hypervisor.PVM);
        assertThat(SysfsMachine.hypervisor("Jailhouse", null)).isEqualTo(Hypervisor.OTHER);
    }
}
