package io.barwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log survives a kill: every line written before it is whole JSON. */
class AuditLogTest {

    @Test
    void killedMidRunLeavesOnlyWholeLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit.jsonl");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "eval", "--log", log.toString(), "--policies", "policies", "--format", "json"));
        for (int i = 0; i < 400; i++) cmd.add("examples/ivshmem-plain.yaml");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && (!Files.exists(log) || Files.size(log) < 4000) && p.isAlive()) Thread.sleep(20);
        assertThat(p.isAlive()).as("the run must still be going when it is killed").isTrue();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        List<String> lines = Files.readAllLines(log);
        String raw = Files.readString(log);
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(raw).endsWith("\n");
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(n.get("event").asText()).isEqualTo("decision");
            assertThat(n.get("inputs").asText()).hasSize(64);
            assertThat(n.get("outcome").asText()).isIn("mapped", "refused", "denied");
        }
    }
}
