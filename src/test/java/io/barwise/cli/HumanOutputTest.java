package io.barwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.authoring.Golden;
import io.barwise.output.Text;
import io.barwise.sysfs.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a person reads: tables and help fit 80 columns, say nothing twice or contradictory, show no placeholders. */
class HumanOutputTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static void assertFits(String what, String text) {
        for (String line : text.split("\n")) {
            assertThat(line.length()).as("%s: a line longer than %d columns:%n%s", what, Text.WIDTH, line).isLessThanOrEqualTo(Text.WIDTH);
        }
    }

    @Test
    void everyShippedExampleTableFits80ColumnsWithoutVerbose() throws IOException {
        for (Path e : examples()) {
            Cli c = Cli.run("eval", "--policies", "policies", e.toString());
            assertThat(c.err()).isEmpty();
            assertFits(e.toString(), c.out());
            assertThat(c.out()).as(e.toString()).doesNotContain("rules:").doesNotContain("<bdf>");
        }
    }

    @Test
    void rulesOnlyWithVerboseOrExplain() {
        assertThat(Cli.run("eval", "-v", "--policies", "policies", "examples/ivshmem-plain.yaml").out())
                .contains("   rules: /dev/mem reaches every memory BAR; ivshmem BAR2 is host RAM");
        assertThat(Cli.run("eval", "--explain", "--policies", "policies", "examples/ivshmem-plain.yaml").out()).contains("   rules: ");
    }

    @Test
    void defaultTablesMatchTheirGoldenFiles() {
        Golden.assertMatches("eval-ivshmem-plain.txt", Cli.run("eval", "--policies", "policies", "examples/ivshmem-plain.yaml").out());
        Golden.assertMatches("eval-ivshmem-doorbell.txt", Cli.run("eval", "--policies", "policies", "examples/ivshmem-doorbell.yaml").out());
        String root = Fixtures.tree("ivshmem-guest").toString();
        String scan = Cli.run("scan", "--sysfs-root", root, "--policies", "policies").out().replace(root, "FIXTURE");
        Golden.assertMatches("scan-ivshmem-guest.txt", scan);
    }

    @Test
    void degradedSaysWhichHalfIsDegraded() {
        // KVM on Intel: the page attributes are WC, the memory is WB in effect; only the attributes are degraded.
        String out = Cli.run("eval", "--policies", "policies", "examples/ivshmem-doorbell.yaml").out().replaceAll("\\s+", " ");
        assertThat(out).contains("warning: degraded page attributes: no node on this platform gives cacheable page attributes;"
                + " resource2_wc maps WC, though accesses are WB in effect (not degraded)");
        assertThat(out).doesNotContain("degraded: no node on this platform gives cacheable memory");
    }

    @Test
    void helpFitsAndDoesNotCutSummaries() {
        Cli top = Cli.run("--help");
        assertFits("barwise --help", top.out());
        // each command's summary is a whole sentence: it ends with a full stop, possibly on a continuation line
        String commands = top.out().substring(top.out().indexOf("Commands:"));
        for (String block : commands.split("\n  (?=\\S)")) {
            if (block.startsWith("Commands:")) continue;
            assertThat(block.strip()).as(block).endsWith(".");
        }
        for (String cmd : List.of("eval", "check", "test", "schema", "scan", "snapshot", "map", "fleet", "serve")) {
            Cli h = Cli.run(cmd, "--help");
            assertFits(cmd + " --help", h.out());
            // descriptions are paragraphs picocli wraps, not lines cut by hand: every line but the last of a paragraph is filled
            List<String> lines = h.out().lines().toList();
            int i = 1;
            while (i < lines.size() && lines.get(i).startsWith(" ")) i++; // the usage synopsis
            for (; i < lines.size() && !lines.get(i).startsWith(" "); i++) {
                String line = lines.get(i);
                if (!line.endsWith(".") && i + 1 < lines.size() && !lines.get(i + 1).startsWith(" ")) {
                    assertThat(line.length()).as(cmd + ": a line cut short in the description: " + line).isGreaterThan(60);
                }
            }
        }
    }

    @Test
    void commandLineErrorsNameTheOptionNotALineZero() {
        Cli c = Cli.run("map", "0000:00:02.0", "2", "--offset", "x", "--sysfs-root", Fixtures.tree("ivshmem-guest").toString());
        assertThat(c.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(c.err()).contains("--offset x").doesNotContain(":0:0").contains("Try 'barwise map --help'");
        Cli d = Cli.run("scan", "--sysfs-root", "no/such/dir");
        assertThat(d.err()).contains("no/such/dir (--sysfs-root): not a directory").doesNotContain(":0:0");
        Cli f = Cli.run("scan", "--format", "junit", "--sysfs-root", Fixtures.tree("ivshmem-guest").toString());
        assertThat(f.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(f.err()).contains("--format junit is not available for 'scan'");
    }

    @Test
    void policyMessagesFillInTheirPlaceholders() {
        Cli c = Cli.run("eval", "--policies", "policies", "examples/gpu-large-bar.yaml");
        assertThat(c.out().replaceAll("\\s+", " ")).contains("echo 0000:01:00.0 > /sys/bus/pci/devices/0000:01:00.0/driver/unbind");
    }

    @Test
    void aPolicyMessageNamingAnUnknownPropertyIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "policies:\n  - name: x\n    match: bar.busy\n    decision: deny\n    message: \"unbind {device.bfd}\"\n");
        Cli c = Cli.run("eval", "--policies", p.toString(), "examples/ivshmem-plain.yaml");
        assertThat(c.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(c.err()).contains("p.yaml:5:").contains("{device.bfd}");
    }
}
