package io.barwise.sysfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.Barwise;
import io.barwise.model.Bar;
import io.barwise.model.Decision;
import io.barwise.model.Errno;
import io.barwise.model.Hypervisor;
import io.barwise.model.Intent;
import io.barwise.model.Lockdown;
import io.barwise.model.Mtrr;
import io.barwise.model.NodeKind;
import io.barwise.model.Outcome;
import io.barwise.model.Platform;
import io.barwise.model.Prot;
import io.barwise.model.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine this project is developed on, as a snapshot (src/test/resources/sysfs/microvm-guest,
 * made with {@code barwise snapshot}): a PVM microVM guest on 6.18 with no MTRRs, no /dev/mem,
 * lockdown forced by the config with securityfs unmounted, and virtio devices whose BARs have no
 * resource files but are claimed in /proc/iomem. What it shows is what barwise decides with.
 */
class ObservedMachineTest {

    static final Barwise ENGINE = Barwise.builtIn();
    static final List<String> VIRTIO = List.of("0000:00:01.0", "0000:00:02.0", "0000:00:03.0", "0000:00:04.0", "0000:00:05.0");

    @TempDir Path tmp;

    static SysfsMachine microvm() { return SysfsMachine.at(Fixtures.tree("microvm-guest")); }

    static Fact fact(SysfsMachine m, String name) {
        return m.platform().facts().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void platformFactsComeFromWhatTheKernelSays() {
        SysfsMachine m = microvm();
        Platform p = m.platform().platform();
        assertThat(p.kernel().toString()).isEqualTo("6.18");
        assertThat(p.pat()).isTrue();
        assertThat(p.mtrr()).isEqualTo(Mtrr.DISABLED);
        assertThat(fact(m, "mtrr").source()).contains("MTRRs disabled (not available)");
        assertThat(p.lockdown()).isEqualTo(Lockdown.INTEGRITY);
        assertThat(fact(m, "lockdown").source()).contains("forces it", "locked down from Kernel configuration");
        assertThat(p.hypervisor()).isEqualTo(Hypervisor.PVM);
        assertThat(fact(m, "hypervisor").source()).isEqualTo("dmesg: Hypervisor detected: PVM");
        assertThat(p.devmem()).isFalse();
        assertThat(p.strictDevmem()).isFalse();
        assertThat(p.ioStrictDevmem()).isFalse();
        assertThat(p.unknown()).isEmpty();
        assertThat(m.platform().defaulted()).extracting(Fact::name).containsExactly("caller");
    }

    @Test
    void claimsAndNodesAreObserved() {
        SysfsMachine m = microvm();
        assertThat(m.devices()).hasSize(6);
        for (String bdf : VIRTIO) {
            PciFunction f = m.device(bdf).orElseThrow();
            assertThat(f.nodes()).isEmpty();
            assertThat(f.device().nodesObserved()).isTrue();
            Bar b0 = f.device().bar(0).orElseThrow();
            assertThat(b0.busy()).isTrue();
            assertThat(b0.claimant()).isEqualTo("virtio-pci-modern");
            assertThat(b0.claim()).isEqualTo(Bar.Claim.OBSERVED);
        }
    }

    @Test
    void everyNodeThatIsNotThereIsEnoentWithTheReasonAndAWarning() {
        SysfsMachine m = microvm();
        for (String bdf : VIRTIO) {
            for (NodeKind k : List.of(NodeKind.RESOURCE, NodeKind.DEVMEM)) {
                Decision d = ENGINE.decide(m.scenario(List.of(new Request(0, bdf, 0, k, null, 0, null, Prot.READ, true, true))))
                        .decisions().get(0);
                assertThat(d.outcome()).as(bdf + " " + k).isEqualTo(Outcome.REFUSED);
                assertThat(d.errno()).isEqualTo(Errno.ENOENT);
                assertThat(d.reasons()).anyMatch(r -> r.contains("is not present on this machine"));
                assertThat(d.warnings()).anyMatch(w -> w.contains("although the kernel model creates it"));
            }
            // resource0_wc: the model does not expect it either (BAR0 is not prefetchable): no warning
            Decision wc = ENGINE.decide(m.scenario(List.of(new Request(0, bdf, 0, NodeKind.RESOURCE_WC, null, 0, null, Prot.READ, true, true))))
                    .decisions().get(0);
            assertThat(wc.errno()).isEqualTo(Errno.ENOENT);
            assertThat(wc.warnings()).noneMatch(w -> w.contains("although the kernel model creates it"));
        }
    }

    /** Whatever is asked, nothing is mapped through a node this machine does not have. */
    @Test
    void noDecisionMapsANodeTheMachineLacks() {
        for (SysfsMachine m : List.of(microvm(), SysfsMachine.at(Fixtures.tree("ivshmem-guest")), SysfsMachine.at(Fixtures.tree("nopat-guest")))) {
            List<Request> requests = new ArrayList<>();
            for (PciFunction f : m.devices()) {
                for (Bar b : f.device().bars()) {
                    for (NodeKind k : NodeKind.values()) requests.add(new Request(requests.size(), f.device().bdf(), b.index(), k, null, 0, null, Prot.READ, true, false));
                    for (Intent i : Intent.values()) requests.add(new Request(requests.size(), f.device().bdf(), b.index(), null, i, 0, null, Prot.READ, true, false));
                }
            }
            boolean devmem = m.platform().platform().devmem();
            for (Decision d : ENGINE.decide(m.scenario(requests)).decisions()) {
                if (d.outcome() != Outcome.MAPPED) continue;
                boolean present = d.node().startsWith("devmem") ? devmem : m.device(d.request().device()).orElseThrow().hasNode(d.node());
                assertThat(present).as(m.name() + ": " + d.request().describe() + " -> " + d.node()).isTrue();
            }
        }
    }

    /** Without root, /proc/iomem shows zeros: claims are unknown, and a known driver's behaviour is a named assumption. */
    @Test
    void unreadableClaimsFallBackToKnownDriversAsAnAssumption() throws IOException {
        Path root = copy(Fixtures.tree("microvm-guest"), tmp.resolve("user"));
        Path iomem = root.resolve("proc/iomem");
        Files.writeString(iomem, Files.readString(iomem).replaceAll("[0-9a-f]+-[0-9a-f]+ :", "00000000-00000000 :"));
        SysfsMachine m = SysfsMachine.at(root);
        assertThat(fact(m, "claims").value()).isEqualTo("unknown");
        assertThat(fact(m, "claims").source()).contains("shows no addresses");
        Bar b0 = m.device("0000:00:01.0").orElseThrow().device().bar(0).orElseThrow();
        assertThat(b0.busy()).isTrue();
        assertThat(b0.claim()).isEqualTo(Bar.Claim.ASSUMED);
        Decision d = ENGINE.decide(m.scenario(List.of(new Request(0, "0000:00:01.0", 0, NodeKind.RESOURCE, null, 0, null, Prot.READ, true, true))))
                .decisions().get(0);
        assertThat(d.unknowns()).contains("claim");
        assertThat(d.warnings()).anyMatch(w -> w.contains("assumed claimed by virtio-pci") && w.contains("vp_modern_probe"));

        // a driver barwise does not know: unknown, not busy
        Files.delete(root.resolve("sys/bus/pci/devices/0000:00:02.0/driver"));
        Files.createSymbolicLink(root.resolve("sys/bus/pci/devices/0000:00:02.0/driver"), Path.of("../../../../bus/pci/drivers/fpga_mgr"));
        Bar unknown = SysfsMachine.at(root).device("0000:00:02.0").orElseThrow().device().bar(0).orElseThrow();
        assertThat(unknown.busy()).isFalse();
        assertThat(unknown.claim()).isEqualTo(Bar.Claim.UNKNOWN);
    }

    /** securityfs unmounted, no lockdown in the config and no readable boot log: lockdown is unknown, and decisions say so. */
    @Test
    void unreadableLockdownIsUnknownAndDecisionsSaySo() throws IOException {
        Path root = copy(Fixtures.tree("microvm-guest"), tmp.resolve("nolog"));
        Files.delete(root.resolve("var/log/dmesg"));
        Path config = Files.list(root.resolve("boot")).findFirst().orElseThrow();
        Files.writeString(config, Files.readString(config).replace("CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y", "# CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY is not set"));
        // the device as it would be with resource files, so the lockdown check is reached
        Files.writeString(root.resolve("sys/bus/pci/devices/0000:00:01.0/resource0"), "");
        SysfsMachine m = SysfsMachine.at(root);
        Platform p = m.platform().platform();
        assertThat(p.lockdown()).isEqualTo(Lockdown.UNKNOWN);
        assertThat(fact(m, "lockdown").defaulted()).isTrue();
        assertThat(p.hypervisor()).isEqualTo(Hypervisor.OTHER); // only the cpuinfo flag is left
        assertThat(p.mtrr()).isEqualTo(Mtrr.DISABLED);           // cpuinfo has no mtrr flag
        Decision d = ENGINE.decide(m.scenario(List.of(new Request(0, "0000:00:01.0", 0, NodeKind.RESOURCE, null, 0, null, Prot.READ, true, true))))
                .decisions().get(0);
        assertThat(d.outcome()).isEqualTo(Outcome.MAPPED);
        assertThat(d.unknowns()).contains("lockdown");
        assertThat(d.warnings()).anyMatch(w -> w.contains("lockdown mode could not be read") && w.contains("EPERM"));
    }

    @Test
    void snapshotsRecordWhatTheyObserved() throws IOException {
        Path out = tmp.resolve("again");
        SnapshotWriter.write(microvm(), out);
        SysfsMachine again = SysfsMachine.at(out);
        assertThat(again.platform().platform()).isEqualTo(microvm().platform().platform());
        assertThat(again.devices()).isEqualTo(microvm().devices());
        assertThat(Files.readString(out.resolve(SysfsMachine.SNAPSHOT_INFO))).contains("devmem: absent");
        assertThat(Files.readString(out.resolve("var/log/dmesg"))).contains("Hypervisor detected: PVM", "MTRRs disabled", "locked down");
        assertThat(out.resolve("proc/iomem")).exists();
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }
}
