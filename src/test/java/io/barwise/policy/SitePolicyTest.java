package io.barwise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default site policy: built into the jar, replaced by --policies, never looked up in the working directory. */
class SitePolicyTest {

    @Test
    void theBuiltInPolicyIsTheShippedFile() {
        List<String> shipped = PolicyReader.read(List.of(Path.of("policies/default.yaml"))).stream().map(PolicyRule::name).toList();
        assertThat(SitePolicy.builtInRules()).extracting(PolicyRule::name).isNotEmpty().containsExactlyElementsOf(shipped);
        assertThat(SitePolicy.builtInRules().get(0).location().file()).isEqualTo(SitePolicy.BUILT_IN_NAME);
    }

    @Test
    void givenFilesReplaceTheDefaultAndTheMachineDirectoryComesBeforeTheBuiltIn(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("mine.yaml");
        Files.writeString(mine, "policies:\n  - name: only-mine\n    match: \"true\"\n    intent: uncached\n");
        SitePolicy given = SitePolicy.resolve(List.of(mine), dir.resolve("absent"));
        assertThat(given.builtIn()).isFalse();
        assertThat(given.read()).extracting(PolicyRule::name).containsExactly("only-mine");

        SitePolicy none = SitePolicy.resolve(List.of(), dir.resolve("absent"));
        assertThat(none.builtIn()).isTrue();
        assertThat(none.description()).startsWith("built-in");

        Path system = Files.createDirectories(dir.resolve("etc"));
        Files.copy(mine, system.resolve("site.yaml"));
        SitePolicy machine = SitePolicy.resolve(List.of(), system);
        assertThat(machine.builtIn()).isFalse();
        assertThat(machine.read()).extracting(PolicyRule::name).containsExactly("only-mine");
        assertThat(machine.description()).contains(system.toString());
    }

    @Test
    void evalScanAndMapAgreeOnTheDefaultAndSayWhichPolicyDecided() {
        // An ivshmem guest as a scenario (eval) and as a snapshot (scan, map), with no --policies and not run from a checkout's policies/.
        String expected = Files.isDirectory(Path.of(SitePolicy.SYSTEM_DIR)) ? "policy: " + SitePolicy.SYSTEM_DIR : "policy: built-in";
        String eval = run("eval", "examples/ivshmem-plain.yaml");
        String scan = run("scan", "--sysfs-root", "src/test/resources/sysfs/ivshmem-guest");
        String map = run("map", "0000:00:02.0", "2", "--sysfs-root", "src/test/resources/sysfs/ivshmem-guest");
        // (the snapshot's MTRRs differ from the scenario's, so the node differs; the policy's intent does not)
        String bar2 = "devmem mapped PAT uncached-minus effective UC";
        String why = "[intent cacheable (from policy ivshmem-shared-memory-is-cacheable)]";
        assertThat(eval).startsWith(expected).contains("BAR2 policy intent  ->  resource2_wc  mapped", "no node on this platform gives cacheable memory");
        assertThat(scan).startsWith(expected).contains("-> " + bar2 + "\n          " + why);
        assertThat(map).startsWith(expected).contains("predicted: " + bar2).contains(why);
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args);
        return out.toString();
    }
}
