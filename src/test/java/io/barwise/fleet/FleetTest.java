package io.barwise.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.cli.Cli;
import io.barwise.cli.ExitCode;
import io.barwise.output.Contract;
import io.barwise.output.ContractSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code barwise fleet} over snapshot directories and tars, {@code snapshot -}, and careful tar reading. */
class FleetTest {
    static final Path FIXTURES = Path.of("src/test/resources/sysfs");

    @TempDir Path tmp;

    /** A fleet: two hosts as tars (gpu-host, ivshmem-guest), one as a directory (nopat-guest). */
    Path fleet() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fleet"));
        for (String host : List.of("gpu-host", "ivshmem-guest")) {
            try (OutputStream o = Files.newOutputStream(dir.resolve(host + ".tar"))) {
                SnapshotTar.write(FIXTURES.resolve(host), o);
            }
        }
        Cli snap = Cli.run("snapshot", dir.resolve("nopat-guest").toString(), "--sysfs-root", FIXTURES.resolve("nopat-guest").toString());
        assertThat(snap.code()).as(snap.err()).isZero();
        return dir;
    }

    @Test
    void fleetAgreesWithScanOfEachHost() throws Exception {
        Path dir = fleet();
        Cli c = Cli.run("fleet", "--policies", "policies", "--format", "json", dir.toString());
        assertThat(c.code()).as(c.err()).isEqualTo(ExitCode.OK);
        JsonNode doc = ContractSchemas.assertValid(Contract.Kind.FLEET_REPORT, c.out());
        assertThat(doc.get("summary").get("hosts").asInt()).isEqualTo(3);
        assertThat(doc.get("hosts").get(0).get("source").asText()).isEqualTo("gpu-host.tar");
        // the snapshot directory records where it was taken
        assertThat(doc.get("hosts").get(2).get("barwiseVersion").isTextual()).isTrue();
        Cli scan = Cli.run("scan", "--policies", "policies", "--format", "json", "--sysfs-root", FIXTURES.resolve("gpu-host").toString(),
                "--sysfs-root", FIXTURES.resolve("ivshmem-guest").toString(), "--sysfs-root", FIXTURES.resolve("nopat-guest").toString());
        JsonNode s = new ObjectMapper().readTree(scan.out()).get("summary");
        for (String f : List.of("devices", "bars", "mapped", "degraded", "refused", "denied")) {
            assertThat(doc.get("summary").get(f).asLong()).as(f).isEqualTo(s.get(f).asLong());
        }
        assertThat(s.get("denied").asLong()).isPositive();
        assertThat(Cli.run("fleet", "--policies", "policies", "--fail-on", "denied", dir.toString()).code()).isEqualTo(ExitCode.REFUSED);
        assertThat(Cli.run("fleet", "--policies", "policies", "--fail-on", "refused,degraded", dir.toString()).code())
                .isEqualTo(s.get("refused").asLong() + s.get("degraded").asLong() > 0 ? ExitCode.REFUSED : ExitCode.OK);
    }

    @Test
    void jsonLinesAndCsvHaveARowPerBar() throws Exception {
        Path dir = fleet();
        JsonNode summary = new ObjectMapper().readTree(Cli.run("fleet", "--policies", "policies", "--format", "json", dir.toString()).out()).get("summary");
        Cli jl = Cli.run("fleet", "--policies", "policies", "--format", "jsonl", "--jobs", "2", dir.toString());
        List<String> lines = jl.out().lines().toList();
        assertThat(lines).hasSize(summary.get("bars").asInt());
        for (String l : lines) ContractSchemas.assertValid(Contract.Kind.FLEET_BAR, l);
        Cli csv = Cli.run("fleet", "--policies", "policies", "--format", "csv", dir.toString());
        List<String> rows = csv.out().lines().toList();
        assertThat(rows.get(0)).startsWith("host,source,bdf,vendor,device,class,driver,bar,size,node,outcome");
        assertThat(rows).hasSize(1 + summary.get("bars").asInt());
        assertThat(rows.get(1)).contains("gpu-host.tar,0000:01:00.0,0x10de,");
    }

    @Test
    void snapshotToStandardOutputIsATarFleetReads() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Cli c;
        try {
            System.setOut(new PrintStream(bytes, true));
            c = Cli.run("snapshot", "-", "--sysfs-root", FIXTURES.resolve("ivshmem-guest").toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(c.code()).as(c.err()).isZero();
        // the summary wraps at 80 columns, where depends on the checkout path
        assertThat(c.err().replaceAll("\\s+", " ")).contains("2 device(s)");
        Path dir = Files.createDirectories(tmp.resolve("one"));
        Files.write(dir.resolve("guest.tar"), bytes.toByteArray());
        Path unpacked = tmp.resolve("unpacked");
        SnapshotTar.extract(dir.resolve("guest.tar"), Files.createDirectories(unpacked));
        assertThat(unpacked.resolve("barwise-snapshot.json")).exists();
        assertThat(Files.readString(unpacked.resolve("sys/bus/pci/devices/0000:00:02.0/vendor")).strip()).isEqualTo("0x1af4");
        Cli f = Cli.run("fleet", "--policies", "policies", "--format", "json", dir.toString());
        JsonNode host = ContractSchemas.assertValid(Contract.Kind.FLEET_REPORT, f.out()).get("hosts").get(0);
        assertThat(host.get("devices").asInt()).isEqualTo(2);
        assertThat(host.get("kernelRelease").asText()).isEqualTo(Files.readString(FIXTURES.resolve("ivshmem-guest/proc/sys/kernel/osrelease")).strip());
    }

    @Test
    void hostileTarsAreRefusedAndReported() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        tar(dir.resolve("dotdot.tar"), t -> file(t, "../escaped", "x"));
        tar(dir.resolve("absolute.tar"), t -> file(t, "/etc/escaped", "x"));
        tar(dir.resolve("through-link.tar"), t -> {
            TarArchiveEntry l = new TarArchiveEntry("sys", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName("../../outside");
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
            file(t, "sys/x", "x");
        });
        tar(dir.resolve("abs-link.tar"), t -> {
            TarArchiveEntry l = new TarArchiveEntry("proc", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName("/proc");
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
        });
        for (String n : List.of("dotdot", "absolute", "through-link", "abs-link")) {
            Path into = Files.createDirectories(tmp.resolve("x-" + n));
            assertThatThrownBy(() -> SnapshotTar.extract(dir.resolve(n + ".tar"), into)).as(n).isInstanceOf(IOException.class);
        }
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("outside")).doesNotExist();
        Cli c = Cli.run("fleet", "--policies", "policies", "--format", "json", dir.toString());
        assertThat(c.code()).isEqualTo(ExitCode.INVALID_INPUT);
        JsonNode doc = ContractSchemas.assertValid(Contract.Kind.FLEET_REPORT, c.out());
        assertThat(doc.get("summary").get("failedHosts").asInt()).isEqualTo(4);
        assertThat(c.err()).contains("dotdot.tar").contains("leaves the snapshot");
    }

    interface Body { void write(TarArchiveOutputStream t) throws IOException; }

    static void tar(Path file, Body body) throws IOException {
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            body.write(t);
            t.finish();
        }
    }

    static void file(TarArchiveOutputStream t, String name, String text) throws IOException {
        byte[] b = text.getBytes();
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        t.putArchiveEntry(e);
        t.write(b);
        t.closeArchiveEntry();
    }
}
