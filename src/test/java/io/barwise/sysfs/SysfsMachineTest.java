package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.model.Bar;
import io.barwise.model.Device;
import io.barwise.model.Feature;
import io.barwise.model.Hypervisor;
import io.barwise.model.IomemMode;
import io.barwise.model.KernelVersion;
import io.barwise.model.Lockdown;
import io.barwise.model.MemType;
import io.barwise.model.Platform;
import io.barwise.model.Reservation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysfsMachineTest {

    static Fact fact(PlatformFacts p, String name) {
        return p.facts().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void ivshmemGuest() {
        SysfsMachine m = SysfsMachine.at(Fixtures.tree("ivshmem-guest"));
        PlatformFacts pf = m.platform();
        Platform p = pf.platform();
        assertThat(p.kernel()).isEqualTo(new KernelVersion(6, 1));
        assertThat(p.pat()).isTrue();
        assertThat(fact(pf, "pat").source()).contains("dmesg");
        assertThat(p.mtrr().ranges()).hasSize(1);
        assertThat(p.mtrr().typeAt(0xfe400000L)).isEqualTo(MemType.UC);
        assertThat(p.mtrr().typeAt(0x1_0000_0000L)).isEqualTo(MemType.WB);
        assertThat(p.lockdown()).isEqualTo(Lockdown.NONE);
        // an older snapshot: its dmesg kept no "Hypervisor detected" line, so only the cpuinfo flag says a hypervisor runs
        assertThat(p.hypervisor()).isEqualTo(Hypervisor.OTHER);
        assertThat(p.strictDevmem()).isTrue();
        assertThat(p.ioStrictDevmem()).isTrue();
        assertThat(fact(pf, "strictDevmem").source()).isEqualTo("boot/config-6.1.0-56-amd64");
        assertThat(p.features()).isEmpty();
        assertThat(pf.defaulted()).extracting(Fact::name).containsExactly("devmem", "caller", "hypervisor", "claims");

        assertThat(m.devices()).hasSize(2);
        PciFunction iv = m.device("0000:00:02.0").orElseThrow();
        Device d = iv.device();
        assertThat(d.vendor()).isEqualTo(0x1af4);
        assertThat(d.device()).isEqualTo(0x1110);
        assertThat(d.subsystemDevice()).isEqualTo(0x1100);
        assertThat(d.classCode()).isEqualTo(0x050000);
        assertThat(d.revision()).isEqualTo(1);
        assertThat(d.driver()).isNull();
        assertThat(d.bars()).extracting(Bar::index).containsExactly(0, 2);
        Bar b2 = d.bar(2).orElseThrow();
        assertThat(b2.size()).isEqualTo(4 << 20);
        assertThat(b2.prefetchable()).isTrue();
        assertThat(b2.is64()).isTrue();
        assertThat(b2.busy()).isFalse();
        assertThat(iv.nodes()).containsExactly("resource0", "resource2", "resource2_wc");

        PciFunction virtio = m.device("0000:00:03.0").orElseThrow();
        assertThat(virtio.device().driver()).isEqualTo("virtio-pci");
        // no /proc/iomem in this snapshot: virtio-pci is known to claim its memory BARs at probe (an assumption)
        assertThat(virtio.device().bars()).filteredOn(Bar::isMem).allMatch(Bar::busy).allMatch(b -> b.claim() == Bar.Claim.ASSUMED);
        assertThat(virtio.device().bar(0).orElseThrow().isIo()).isTrue();

        List<Reservation> pat = m.patEntries().orElseThrow();
        assertThat(pat).hasSize(3);
        assertThat(pat.get(1)).isEqualTo(new Reservation(0xfe400000L, 0xfe800000L, MemType.UC_MINUS, "pat_memtype_list"));
        assertThat(m.nodePath("0000:00:02.0", "resource2_wc").orElseThrow())
                .isEqualTo(Fixtures.tree("ivshmem-guest").resolve("sys/bus/pci/devices/0000:00:02.0/resource2_wc"));
        assertThat(m.nodePath("0000:00:02.0", "devmem").orElseThrow()).isEqualTo(Fixtures.tree("ivshmem-guest").resolve("dev/mem"));
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void gpuHostOnBareMetal() {
        SysfsMachine m = SysfsMachine.at(Fixtures.tree("gpu-host"));
        PlatformFacts pf = m.platform();
        Platform p = pf.platform();
        assertThat(p.kernel()).isEqualTo(new KernelVersion(6, 12));
        assertThat(p.hypervisor()).isEqualTo(Hypervisor.NONE);
        assertThat(p.iomem()).isEqualTo(IomemMode.RELAXED);
        assertThat(p.strictDevmem()).isTrue();
        assertThat(p.ioStrictDevmem()).isFalse();
        assertThat(fact(pf, "strictDevmem").source()).isEqualTo("proc/config.gz");
        assertThat(p.pat()).isTrue();
        assertThat(fact(pf, "pat").source()).contains("cpuinfo");
        assertThat(p.mtrr().ranges()).hasSize(3);
        assertThat(p.mtrr().typeAt(0xc0000000L)).isEqualTo(MemType.WC);
        assertThat(fact(pf, "lockdown").defaulted()).isTrue();
        assertThat(m.patEntries()).isEmpty();

        Device gpu = m.device("0000:01:00.0").orElseThrow().device();
        assertThat(gpu.driver()).isEqualTo("nvidia");
        Bar b1 = gpu.bar(1).orElseThrow();
        assertThat(b1.start()).isEqualTo(0x38000000000L);
        assertThat(b1.size()).isEqualTo(256L << 20);
        assertThat(b1.is64() && b1.prefetchable()).isTrue();
        // no /proc/iomem in this snapshot, and barwise does not know what nvidia claims: unknown, not busy
        assertThat(b1.busy()).isFalse();
        assertThat(b1.claim()).isEqualTo(Bar.Claim.UNKNOWN);
        assertThat(gpu.bar(5).orElseThrow().isIo()).isTrue();
        assertThat(gpu.bars()).extracting(Bar::index).containsExactly(0, 1, 3, 5); // ROM line is not a BAR
        Device nic = m.device("0000:02:00.0").orElseThrow().device();
        assertThat(nic.driver()).isNull();
        assertThat(nic.bar(2).orElseThrow().isIo()).isTrue();
    }

    @Test
    void lockdownAndNopatAndPatchedKernel() {
        assertThat(SysfsMachine.at(Fixtures.tree("lockdown-guest")).platform().platform().lockdown()).isEqualTo(Lockdown.INTEGRITY);

        SysfsMachine nopat = SysfsMachine.at(Fixtures.tree("nopat-guest"));
        assertThat(nopat.platform().platform().pat()).isFalse();
        assertThat(fact(nopat.platform(), "pat").source()).contains("nopat");
        assertThat(nopat.device("0000:00:02.0").orElseThrow().nodes()).containsExactly("resource0", "resource2");

        Platform patched = SysfsMachine.at(Fixtures.tree("patched-guest")).platform().platform();
        assertThat(patched.features()).containsExactlyInAnyOrder(Feature.RESOURCE_WB, Feature.IVSHMEM_CACHEABLE_QUIRK);
    }

    @Test
    void emptyRootDefaultsEverythingAndSaysSo() {
        SysfsMachine m = SysfsMachine.at(Fixtures.tree("empty"));
        PlatformFacts pf = m.platform();
        assertThat(m.devices()).isEmpty();
        assertThat(pf.platform().arch()).isEqualTo(Platform.DEFAULT.arch());
        assertThat(pf.platform().kernel()).isEqualTo(Platform.DEFAULT.kernel());
        assertThat(pf.defaulted()).extracting(Fact::name)
                .contains("kernel", "arch", "pat", "mtrr", "lockdown", "iomem", "strictDevmem", "ioStrictDevmem", "hypervisor");
        assertThat(m.patEntries()).isEmpty();
    }

    @Test
    void scenarioFromTheMachine() {
        SysfsMachine m = SysfsMachine.at(Fixtures.tree("ivshmem-guest"));
        var s = m.scenario(List.of());
        assertThat(s.devices()).hasSize(2);
        assertThat(s.reservations()).hasSize(3);
        assertThat(s.platform()).isEqualTo(m.platform().platform());
    }
}
