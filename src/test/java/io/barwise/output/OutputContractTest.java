package io.barwise.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.barwise.cli.Cli;
import io.barwise.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 output contract: real outputs of every command validate against the shipped schemas, and keep one shape. */
class OutputContractTest {
    static final String GPU = "src/test/resources/sysfs/gpu-host";
    static final String GUEST = "src/test/resources/sysfs/ivshmem-guest";

    @Test
    void evalHasOneShapeForOneInputAndForMany() {
        Cli one = Cli.run("eval", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml");
        Cli two = Cli.run("eval", "--format", "json", "--explain", "--policies", "policies", "examples/ivshmem-plain.yaml", "examples/io-bar.yaml");
        JsonNode a = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, one.out());
        JsonNode b = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, two.out());
        assertThat(names(a)).isEqualTo(names(b)).containsExactly("apiVersion", "kind", "granted", "scenarios");
        assertThat(a.get("scenarios")).hasSize(1);
        assertThat(b.get("scenarios")).hasSize(2);
        assertThat(b.get("scenarios").get(1).get("source").asText()).isEqualTo("examples/io-bar.yaml");
    }

    @Test
    void decisionsCarryTypedVerdicts() {
        JsonNode doc = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT,
                Cli.run("eval", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml").out());
        JsonNode decisions = doc.get("scenarios").get(0).get("decisions");
        JsonNode intent = decisions.get(0);
        // no node gives cacheable memory in this guest: resource2_wc, degraded
        assertThat(intent.get("intent").asText()).isEqualTo("cacheable");
        assertThat(intent.get("degraded").isBoolean()).isTrue();
        assertThat(intent.get("degraded").asBoolean()).isTrue();
        assertThat(intent.get("fulfilsIntent").asBoolean()).isFalse();
        assertThat(intent.get("map").get("start").isIntegralNumber()).isTrue();
        assertThat(intent.get("map").get("start").asLong()).isEqualTo(0xfe400000L);
        assertThat(intent.get("request").get("shared").isBoolean()).isTrue();
        assertThat(intent.get("alternatives").get(0).get("granted").isBoolean()).isTrue();
        // a request naming a node serves no intent
        JsonNode named = decisions.get(1);
        assertThat(named.get("intent").isNull()).isTrue();
        assertThat(named.get("fulfilsIntent").isNull()).isTrue();
        assertThat(named.get("degraded").asBoolean()).isFalse();
    }

    @Test
    void yamlQuotesStringsAndHasTheSameData() throws Exception {
        Cli json = Cli.run("eval", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml");
        Cli yaml = Cli.run("eval", "--format", "yaml", "--policies", "policies", "examples/ivshmem-plain.yaml");
        // a YAML 1.1 reader would take an unquoted 0000:00:02.0 for a number
        assertThat(yaml.out()).contains("device: \"0000:00:02.0\"").doesNotContain("device: 0000");
        JsonNode fromYaml = new YAMLMapper().readTree(yaml.out());
        ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, fromYaml);
        assertThat(fromYaml).isEqualTo(new ObjectMapper().readTree(json.out()));
    }

    @Test
    void evalReadsStandardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of("examples/ivshmem-plain.yaml"))));
            Cli c = Cli.run("eval", "--format", "json", "--policies", "policies", "-");
            assertThat(c.code()).as(c.err()).isEqualTo(ExitCode.OK);
            JsonNode doc = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, c.out());
            assertThat(doc.get("scenarios").get(0).get("source").asText()).isEqualTo("-");
            JsonNode file = new ObjectMapper().readTree(Cli.run("eval", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml").out());
            assertThat(doc.get("scenarios").get(0).get("decisions")).isEqualTo(file.get("scenarios").get(0).get("decisions"));
            System.setIn(new ByteArrayInputStream("platform: {arch: sparc}\n".getBytes(StandardCharsets.UTF_8)));
            Cli bad = Cli.run("eval", "-");
            assertThat(bad.code()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(bad.err()).contains("-:1:").contains("platform.arch");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void scanOfSeveralRootsIsOneDocument() throws Exception {
        Cli c = Cli.run("scan", "--sysfs-root", GPU, "--sysfs-root", GUEST, "--policies", "policies", "--format", "json");
        assertThat(c.code()).as(c.err()).isEqualTo(ExitCode.OK);
        JsonNode doc = ContractSchemas.assertValid(Contract.Kind.SCAN_REPORT, c.out());
        assertThat(doc.get("machines")).hasSize(2);
        assertThat(doc.get("summary").get("machines").asInt()).isEqualTo(2);
        JsonNode gpu = doc.get("machines").get(0);
        assertThat(gpu.get("platform").get("pat").isBoolean()).isTrue();
        assertThat(gpu.get("platform").get("features").isArray()).isTrue();
        assertThat(gpu.get("devices").get(0).get("vendor").isInt()).isTrue();
        long bars = 0, counted = 0;
        for (JsonNode m : doc.get("machines")) {
            for (JsonNode d : m.get("devices")) for (JsonNode b : d.get("bars")) if (!b.get("decision").isNull()) bars++;
        }
        JsonNode s = doc.get("summary");
        counted = s.get("mapped").asLong() + s.get("refused").asLong() + s.get("denied").asLong();
        assertThat(counted).isEqualTo(bars).isEqualTo(s.get("bars").asLong());
        // the same data as YAML
        Cli y = Cli.run("scan", "--sysfs-root", GPU, "--sysfs-root", GUEST, "--policies", "policies", "--format", "yaml");
        ContractSchemas.assertValid(Contract.Kind.SCAN_REPORT, new YAMLMapper().readTree(y.out()));
    }

    @Test
    void scanFailOn() {
        // the GPU host has a BAR claimed by nvidia: denied by the shipped policy
        assertThat(Cli.run("scan", "--sysfs-root", GPU, "--policies", "policies").code()).isEqualTo(ExitCode.OK);
        assertThat(Cli.run("scan", "--sysfs-root", GPU, "--policies", "policies", "--fail-on", "denied").code()).isEqualTo(ExitCode.REFUSED);
        assertThat(Cli.run("scan", "--sysfs-root", GPU, "--policies", "policies", "--fail-on", "refused").code()).isEqualTo(ExitCode.OK);
        assertThat(Cli.run("scan", "--sysfs-root", GPU, "--fail-on", "sometimes").code()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void testAndCheckReports() {
        Cli t = Cli.run("test", "--format", "json", "--coverage", "policies/tests");
        JsonNode doc = ContractSchemas.assertValid(Contract.Kind.TEST_REPORT, t.out());
        assertThat(doc.get("results").get(0).get("decision").get("outcome").isTextual()).isTrue();
        ContractSchemas.assertValid(Contract.Kind.CHECK_REPORT, Cli.run("check", "--format", "json", "policies", "examples").out());
    }

    @Test
    void schemaCommandPrintsEveryOutputSchema(@TempDir Path dir) throws Exception {
        for (Contract.Kind k : Contract.Kind.values()) {
            Cli c = Cli.run("schema", k.schemaName());
            assertThat(c.code()).isZero();
            assertThat(c.out()).isEqualTo(Contract.schema(k));
            JsonNode s = new ObjectMapper().readTree(c.out());
            assertThat(s.get("$id").asText()).endsWith("/v1/" + k.schemaName() + ".schema.json");
        }
        assertThat(Cli.run("schema", "defs").out()).isEqualTo(Contract.defs());
        assertThat(Cli.run("schema", "no-such").code()).isEqualTo(ExitCode.INVALID_INPUT);
        Cli all = Cli.run("schema", "--out", dir.toString());
        assertThat(all.code()).isZero();
        assertThat(Files.list(dir).count()).isEqualTo(3 + 1); // the input schemas, and v1/
        assertThat(Files.list(dir.resolve("v1")).count()).isEqualTo(Contract.Kind.values().length + 1);
    }

    @Test
    void theSchemasRejectWhatTheContractForbids() throws Exception {
        String good = Cli.run("eval", "--format", "json", "--policies", "policies", "examples/ivshmem-plain.yaml").out();
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(good);
        ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, doc);
        ObjectNode d = (ObjectNode) doc.get("scenarios").get(0).get("decisions").get(0);
        d.put("degraded", "true"); // a boolean as text
        ContractSchemas.assertInvalid(Contract.Kind.EVAL_REPORT, doc.toString());
        ObjectNode other = (ObjectNode) new ObjectMapper().readTree(good);
        other.put("apiVersion", "barwise.io/v2");
        ContractSchemas.assertInvalid(Contract.Kind.EVAL_REPORT, other.toString());
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
