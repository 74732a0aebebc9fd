package io.barwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a function (Main.run) and as a real process. */
class CliTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void evalOfAllGrantedExampleExitsZero() {
        Result r = run("eval", "--policies", "policies", "examples/ivshmem-plain.yaml");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("resource2_wc  mapped", "3 of 3 requests mapped");
    }

    @Test
    void refusedRequestExitsTwo() {
        Result r = run("eval", "--policies", "policies", "examples/lockdown-host.yaml");
        assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.out()).contains("refused EPERM", "security_locked_down");
    }

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        Result r = run("eval", "--format", "json", "--explain", "--policies", "policies", "examples/ivshmem-resource-wb-kernel.yaml");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("apiVersion").asText()).isEqualTo("barwise.io/v1");
        JsonNode decisions = doc.get("scenarios").get(0).get("decisions");
        JsonNode second = decisions.get(1);
        for (String f : List.of("request", "node", "outcome", "errno", "pgprot", "memtype", "effective", "remap", "intent", "fulfilsIntent",
                "degraded", "rules", "warnings", "alternatives", "policies")) {
            assertThat(second.has(f)).as(f).isTrue();
        }
        assertThat(second.get("node").asText()).isEqualTo("resource2_wb");
        assertThat(second.get("memtype").asText()).isEqualTo("write-back");
        assertThat(decisions.get(2).get("errno").asText()).isEqualTo("EINVAL");
    }

    @Test
    void invalidInputExitsThreeWithLocation(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "platform:\n  arch: sparc\n");
        Result r = run("eval", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("bad.yaml:2:9", "platform.arch", "x86_64").doesNotContain("Exception");
        assertThat(run("eval", dir.resolve("missing.yaml").toString()).err()).contains("no such file");
        assertThat(run("eval", "--format", "xml", "examples/io-bar.yaml").code()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void userDrlJoinsTheSession(@TempDir Path dir) throws Exception {
        Path drl = dir.resolve("site.drl");
        Files.copy(Path.of("src/test/resources/drl/site-never-bar0.drl"), drl);
        Result r = run("eval", "--rules", drl.toString(), "--policies", "policies", "examples/ivshmem-plain.yaml");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.out()).contains("site rule forbids BAR0");
        Files.writeString(drl, "package site;\nrule \"broken\" when then oops( end\n");
        Result bad = run("eval", "--rules", drl.toString(), "examples/ivshmem-plain.yaml");
        assertThat(bad.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(bad.err()).contains("site.drl:");
    }

    @Test
    void realProcessReportsTheSameExitCodes() throws Exception {
        assertThat(process("eval", "--policies", "policies", "examples/ivshmem-plain.yaml")).isEqualTo(0);
        assertThat(process("eval", "--policies", "policies", "examples/io-bar.yaml")).isEqualTo(2);
        assertThat(process("eval", "no-such-file.yaml")).isEqualTo(3);
    }

    static int process(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
