package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barwise.Barwise;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.Hypervisor;
import io.barwise.model.InvalidInputException;
import io.barwise.model.Lockdown;
import io.barwise.model.Outcome;
import io.barwise.model.Scenario;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.YamlReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario files say what a machine showed: observed nodes, /dev/mem, unknown facts, hypervisor kinds, claims. */
class ObservedScenarioTest {

    static Scenario read(String yaml) { return ScenarioReader.read(YamlReader.parse("s.yaml", yaml)); }

    static final String MICROVM = """
            platform:
              kernel: "6.18"
              mtrr: {enabled: false}
              lockdown: unknown
              hypervisor: pvm
              devmem: false
              strictDevmem: false
              ioStrictDevmem: false
              unknown: [ioStrictDevmem]
            devices:
              - bdf: "0000:00:01.0"
                vendor: 0x1af4
                device: 0x1045
                driver: virtio-pci
                nodes: []
                bars: [{index: 0, start: 0x4000000000, size: 512K, flags: 0x140204, busy: true, claimant: virtio-pci-modern}]
              - bdf: "0000:00:02.0"
                vendor: 0x1af4
                device: 0x1110
                nodes: [resource0, resource2_wc]
                bars:
                  - {index: 0, start: 0xfebfe000, end: 0xfebfe0ff, flags: 0x40200}
                  - {index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}
            requests:
              - {device: "0000:00:01.0", bar: 0, node: resource0}
              - {device: "0000:00:01.0", bar: 0, node: devmem}
              - {device: "0000:00:02.0", bar: 2, node: resource2}
              - {device: "0000:00:02.0", bar: 2, node: resource2_wc}
              - {device: "0000:00:02.0", bar: 0, node: resource0}
            """;

    @Test
    void observedFactsDecide() {
        Scenario s = read(MICROVM);
        assertThat(s.platform().lockdown()).isEqualTo(Lockdown.UNKNOWN);
        assertThat(s.platform().hypervisor()).isEqualTo(Hypervisor.PVM);
        assertThat(s.platform().devmem()).isFalse();
        assertThat(s.platform().isUnknown("ioStrictDevmem")).isTrue();
        Bar b = s.device("0000:00:01.0").orElseThrow().bar(0).orElseThrow();
        assertThat(b.claimant()).isEqualTo("virtio-pci-modern");
        assertThat(b.claim()).isEqualTo(Bar.Claim.OBSERVED);

        List<Decision> d = Barwise.builtIn().decide(s).decisions();
        assertThat(d.get(0).errno()).isEqualTo(Errno.ENOENT);
        assertThat(d.get(0).reasons()).anyMatch(r -> r.contains("resource0 is not present on this machine"));
        assertThat(d.get(1).errno()).isEqualTo(Errno.ENOENT);
        assertThat(d.get(1).reasons()).anyMatch(r -> r.contains("/dev/mem is not present on this machine"));
        assertThat(d.get(2).errno()).as("resource2 is not listed").isEqualTo(Errno.ENOENT);
        assertThat(d.get(3).outcome()).isEqualTo(Outcome.MAPPED);
        // lockdown unknown: a mapping the lockdown check would refuse says so, as a warning and as data
        assertThat(d.get(3).unknowns()).contains("lockdown", "hypervisor");
        assertThat(d.get(3).warnings()).anyMatch(w -> w.contains("lockdown mode could not be read"));
        assertThat(d.get(3).warnings()).anyMatch(w -> w.contains("hypervisor (pvm) maps guest RAM"));
        assertThat(d.get(4).outcome()).isEqualTo(Outcome.MAPPED);
        assertThat(d.get(4).unknowns()).containsExactly("lockdown");
        // an ENOENT does not depend on lockdown
        assertThat(d.get(0).unknowns()).doesNotContain("lockdown");
    }

    @Test
    void badValuesAreLocated() {
        assertThatThrownBy(() -> read(MICROVM.replace("nodes: [resource0, resource2_wc]", "nodes: [resource0, resource9]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'resource9' is not a resource file name")
                .satisfies(e -> assertThat(((InvalidInputException) e).describe()).contains("s.yaml:20:"));
        assertThatThrownBy(() -> read(MICROVM.replace("unknown: [ioStrictDevmem]", "unknown: [lockdwn]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'lockdwn' is not a platform field that can be unknown")
                .satisfies(e -> assertThat(((InvalidInputException) e).describe()).contains("s.yaml:9:"));
        assertThatThrownBy(() -> read(MICROVM.replace("hypervisor: pvm", "hypervisor: qemu")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pvm", "xen", "hyper-v", "unknown");
        assertThatThrownBy(() -> read(MICROVM.replace("busy: true, claimant", "busy: false, claimant")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not busy");
        assertThatThrownBy(() -> read(MICROVM.replace("devmem: false", "devmem: maybe")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("true or false");
    }

    @Test
    void aBoundDriverImpliesOnlyWhatItIsKnownToDo() {
        Scenario s = read("""
                devices:
                  - {bdf: "0000:00:01.0", vendor: 0x1af4, device: 0x1110, driver: uio_pci_generic, bars: [{index: 2, start: 0xfe400000, size: 4M, flags: 0x14220c}]}
                  - {bdf: "0000:00:02.0", vendor: 0x1af4, device: 0x1110, driver: vfio-pci, bars: [{index: 2, start: 0xfd400000, size: 4M, flags: 0x14220c}]}
                  - {bdf: "0000:00:03.0", vendor: 0x144d, device: 0xa808, driver: nvme, bars: [{index: 0, start: 0xfc000000, size: 16K, flags: 0x140204}]}
                  - {bdf: "0000:00:04.0", vendor: 0x10ee, device: 0x9038, driver: xdma, bars: [{index: 0, start: 0xfb000000, size: 1M, flags: 0x40200}]}
                requests:
                  - {device: "0000:00:01.0", bar: 2}
                """);
        assertThat(s.device("0000:00:01.0").orElseThrow().bar(2).orElseThrow()).matches(b -> !b.busy() && b.claim() == Bar.Claim.ASSUMED);
        assertThat(s.device("0000:00:02.0").orElseThrow().bar(2).orElseThrow()).matches(b -> !b.busy() && b.claim() == Bar.Claim.ASSUMED);
        assertThat(s.device("0000:00:03.0").orElseThrow().bar(0).orElseThrow())
                .matches(b -> b.busy() && "nvme".equals(b.claimant()) && b.claim() == Bar.Claim.ASSUMED);
        assertThat(s.device("0000:00:04.0").orElseThrow().bar(0).orElseThrow()).matches(b -> !b.busy() && b.claim() == Bar.Claim.UNKNOWN);
    }
}
