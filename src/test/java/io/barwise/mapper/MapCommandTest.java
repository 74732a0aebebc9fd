package io.barwise.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code barwise map} end to end on a fake root whose resource nodes are ordinary files. */
class MapCommandTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new Run(code, o.toString(), e.toString());
    }

    @Test
    void mapsReadsPokesDumpsAndVerifies() throws Exception {
        Path root = FakeMachine.ivshmem(tmp.resolve("root"), 1 << 16, null);
        Run r = run("map", FakeMachine.BDF, "2", "--node", "resource2_wc", "--sysfs-root", root.toString(), "--write",
                "--read", "0:64", "--poke", "0x100:32=0xcafe", "--read", "0x100:16", "--dump", "0:16", "--verify");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("predicted: resource2_wc mapped")
                .contains("read  0x0/64 = 0x6b72616d74736f68")
                .contains("poke  0x100/32 = 0x0000cafe")
                .contains("read  0x100/16 = 0xcafe")
                .contains("dump  0x0+16 in 64-bit loads, the widest aligned (--dump OFF:LEN:8 for single bytes)")
                .contains("00000000: 686f 7374 6d61 726b 0000 0000 0000 0000  hostmark........")
                .contains("verify outcome  predicted mapped")
                .contains("pat_memtype_list unreadable")
                .contains("result:    OK");
        byte[] f = Files.readAllBytes(root.resolve("sys/bus/pci/devices/" + FakeMachine.BDF + "/resource2_wc"));
        assertThat(f[0x100] & 0xff).isEqualTo(0xfe);
    }

    @Test
    void verifyReportsAMismatchWithExit2() throws Exception {
        Path root = FakeMachine.ivshmem(tmp.resolve("root"), 1 << 16, null);
        // predicted EINVAL (two pages of a 256-byte BAR); a plain file maps fine: mismatch
        Run r = run("map", FakeMachine.BDF, "0", "--node", "resource0", "--length", "8192", "--sysfs-root", root.toString(),
                "--verify", "--format", "json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("\"predicted\" : \"EINVAL\"").contains("\"observed\" : \"mapped\"").contains("\"ok\" : false");
        var doc = io.barwise.output.ContractSchemas.assertValid(io.barwise.output.Contract.Kind.MAP_REPORT, r.out());
        assertThat(doc.get("observedVsModel").get("agrees").asBoolean()).isFalse();
        assertThat(doc.get("decision").get("errno").asText()).isEqualTo("EINVAL");
        // without --verify a predicted refusal is not attempted
        Run n = run("map", FakeMachine.BDF, "0", "--node", "resource0", "--length", "8192", "--sysfs-root", root.toString());
        assertThat(n.code()).isEqualTo(2);
        assertThat(n.out()).contains("not tried: the kernel is predicted to refuse; --verify asks it");
    }

    @Test
    void refusesBadInputAndBoundDrivers() throws Exception {
        Path root = FakeMachine.ivshmem(tmp.resolve("root"), 1 << 16, "kvmfr");
        assertThat(run("map", "../../etc", "2", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        assertThat(run("map", "0000:00:02.0/..", "2", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        assertThat(run("map", "0000:00:09.0", "2", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        assertThat(run("map", FakeMachine.BDF, "4", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        assertThat(run("map", FakeMachine.BDF, "2", "--poke", "0:8=1", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        assertThat(run("map", FakeMachine.BDF, "2", "--node", "resource0", "--sysfs-root", root.toString()).code()).isEqualTo(3);
        Run busy = run("map", FakeMachine.BDF, "2", "--node", "resource2", "--sysfs-root", root.toString());
        assertThat(busy.code()).isEqualTo(2);
        // kvmfr is not a driver barwise knows and the fake machine has no /proc/iomem: its claim is unknown
        assertThat(busy.out()).contains("unknown-claim-is-off-limits").contains("not tried: denied by policy; --force maps it anyway");
        // --verify does not override a policy, so the hint does not name it
        Run verified = run("map", FakeMachine.BDF, "2", "--node", "resource2", "--verify", "--sysfs-root", root.toString());
        assertThat(verified.code()).isEqualTo(2);
        assertThat(verified.out()).contains("--force maps it anyway").contains("result:    FAILED: denied by policy");
        Run forced = run("map", FakeMachine.BDF, "2", "--node", "resource2", "--force", "--read", "0:8", "--sysfs-root", root.toString());
        assertThat(forced.code()).as(forced.out() + forced.err()).isZero();
        assertThat(forced.out()).contains("read  0x0/8 = 0x68");
        Run json = run("map", FakeMachine.BDF, "2", "--node", "resource2", "--force", "--read", "0:8", "--dump", "0:4", "--sysfs-root", root.toString(),
                "--format", "json");
        var doc = io.barwise.output.ContractSchemas.assertValid(io.barwise.output.Contract.Kind.MAP_REPORT, json.out());
        assertThat(doc.get("accesses").get(0).get("value").asLong()).isEqualTo(0x68);
        assertThat(doc.get("accesses").get(0).get("width").asInt()).isEqualTo(8);
        assertThat(doc.get("accesses").get(1).get("kind").asText()).isEqualTo("dump");
    }

    @Test
    void lspciAddressesValueOnlyOutputAndDumpWidths() throws Exception {
        Path root = FakeMachine.ivshmem(tmp.resolve("root"), 1 << 16, null);
        Run r = run("map", "00:02.0", "2", "--node", "resource2", "--sysfs-root", root.toString(), "--read", "0:32", "--read", "4:16",
                "--dump", "1:6", "--value");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).isEqualTo("0x74736f68\n0x616d\n00000001: 6f73 746d 6172" + " ".repeat(27) + "ostmar\n");
        Run bytes = run("map", "00:02.0", "2", "--node", "resource2", "--sysfs-root", root.toString(), "--dump", "0:4:8");
        assertThat(bytes.out()).contains("dump  0x0+4 in 8-bit loads\n");
        Run mixed = run("map", "00:02.0", "2", "--node", "resource2", "--sysfs-root", root.toString(), "--dump", "1:6");
        assertThat(mixed.out()).contains("in 8/16-bit loads, the widest aligned");
    }

    @Test
    void aFailedAccessOrOpenIsAFailure() throws Exception {
        Path root = FakeMachine.ivshmem(tmp.resolve("root"), 1 << 16, null);
        // misaligned: the load is refused, and the run fails although the mapping worked
        Run r = run("map", FakeMachine.BDF, "2", "--node", "resource2", "--sysfs-root", root.toString(), "--read", "2:32");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("failed:    offset 0x2 is not aligned to 32 bits").contains("result:    FAILED: an access failed");
        // the node is predicted to map but the file is gone: open(2) fails, and --verify reports a failure, not OK
        Files.delete(root.resolve("sys/bus/pci/devices/" + FakeMachine.BDF + "/resource2_wc"));
        Run v = run("map", FakeMachine.BDF, "2", "--node", "resource2_wc", "--sysfs-root", root.toString(), "--verify");
        assertThat(v.code()).isEqualTo(2);
        assertThat(v.out()).contains("failed:    open(2) failed: ENOENT").contains("result:    FAILED").doesNotContain("result:    OK");
    }
}
