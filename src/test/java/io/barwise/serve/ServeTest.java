package io.barwise.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.barwise.policy.SitePolicy;
import io.barwise.cli.Cli;
import io.barwise.output.Contract;
import io.barwise.output.ContractSchemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code barwise serve} with real clients: curl and Python's standard library (the example client)
 * over the Unix socket and over loopback TCP with a bearer token.
 */
class ServeTest {
    static final String TOKEN = "test-token-0123456789abcdef";
    static Path dir;
    static Path policies;
    static PolicySet set;
    static DecisionServer unix;
    static DecisionServer tcp;
    static Path socket;
    static String url;
    static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("bw-serve");
        policies = Files.createDirectories(dir.resolve("policies"));
        Files.copy(Path.of("policies/default.yaml"), policies.resolve("default.yaml"));
        set = new PolicySet(SitePolicy.resolve(List.of(policies)), List.of());
        socket = dir.resolve("run/barwise.sock");
        unix = new DecisionServer(set, DecisionServer.Listen.unix(socket), DecisionServer.Options.DEFAULT);
        unix.start();
        tcp = new DecisionServer(set, DecisionServer.Listen.tcp("127.0.0.1", 0, TOKEN),
                new DecisionServer.Options(64 << 10, 100, 10_000, 5_000));
        tcp.start();
        url = "http://" + tcp.address();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        unix.close();
        tcp.close();
        set.close();
    }

    record Out(int code, String out, String err) {}

    static Out exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** curl over the Unix socket; the last line of the output is the HTTP status. */
    static Out curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--unix-socket", socket.toString(), "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        return exec(cmd.toArray(String[]::new));
    }

    static int status(Out o) { return Integer.parseInt(o.out().strip().substring(o.out().strip().lastIndexOf('\n') + 1)); }

    static String body(Out o) { return o.out().substring(0, o.out().lastIndexOf('\n')); }

    @Test
    void theSocketIsTheOwnersOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aDecisionFromServeEqualsEvals() throws Exception {
        for (String example : List.of("examples/ivshmem-plain.yaml", "examples/lockdown-host.yaml", "examples/gpu-large-bar.yaml")) {
            Out o = curl("-X", "POST", "--data-binary", "@" + example, "http://barwise/v1/decide");
            assertThat(status(o)).as(o.out() + o.err()).isEqualTo(200);
            JsonNode served = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, body(o));
            JsonNode eval = new ObjectMapper().readTree(Cli.run("eval", "--format", "json", "--policies", policies.toString(), example).out());
            assertThat(served.get("scenarios").get(0).get("decisions")).as(example).isEqualTo(eval.get("scenarios").get(0).get("decisions"));
            assertThat(served.get("granted")).isEqualTo(eval.get("granted"));
        }
        Out explained = curl("-X", "POST", "--data-binary", "@examples/ivshmem-plain.yaml", "http://barwise/v1/decide?explain");
        JsonNode e = ContractSchemas.assertValid(Contract.Kind.EVAL_REPORT, body(explained));
        assertThat(e.get("scenarios").get(0).get("decisions").get(0).has("policies")).isTrue();
    }

    @Test
    void badInputIsA400WithTheCliDiagnostics() throws Exception {
        Out o = curl("-X", "POST", "--data-binary", "platform:\n  arch: sparc\n", "http://barwise/v1/decide");
        assertThat(status(o)).isEqualTo(400);
        JsonNode err = ContractSchemas.assertValid(Contract.Kind.ERROR, body(o));
        JsonNode d = err.get("diagnostics").get(0);
        assertThat(d.get("file").asText()).isEqualTo("request");
        assertThat(d.get("line").asInt()).isEqualTo(2);
        assertThat(d.get("field").asText()).isEqualTo("platform.arch");
        // nothing a client sends makes it read a file: a path where resource text belongs is just bad text
        Out path = curl("-X", "POST", "--data-binary",
                "{\"devices\":[{\"bdf\":\"0000:00:02.0\",\"vendor\":1,\"device\":1,\"resource\":\"/etc/passwd\"}]}", "http://barwise/v1/decide");
        assertThat(status(path)).isEqualTo(400);
        assertThat(body(path)).doesNotContain("root:");
        Out deep = curl("-X", "POST", "--data-binary", "[".repeat(200) + "]".repeat(200), "http://barwise/v1/decide");
        assertThat(status(deep)).isEqualTo(400);
        assertThat(body(deep)).contains("too-deep");
        assertThat(status(curl("http://barwise/v1/decide"))).isEqualTo(405);
        assertThat(status(curl("http://barwise/v2/anything"))).isEqualTo(404);
    }

    @Test
    void tcpWantsTheTokenAndLimitsTheBody() throws Exception {
        Out none = exec("curl", "-sS", "-w", "\n%{http_code}", url + "/v1/health");
        assertThat(status(none)).isEqualTo(401);
        Out wrong = exec("curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer nope", url + "/v1/health");
        assertThat(status(wrong)).isEqualTo(401);
        Out ok = exec("curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer " + TOKEN, url + "/v1/health");
        assertThat(status(ok)).isEqualTo(200);
        ContractSchemas.assertValid(Contract.Kind.HEALTH, body(ok));
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "# " + "x".repeat(70 << 10) + "\n");
        Out large = exec("curl", "-sS", "-w", "\n%{http_code}", "-H", "Authorization: Bearer " + TOKEN, "--data-binary", "@" + big, url + "/v1/decide");
        assertThat(status(large)).isEqualTo(400);
        assertThat(body(large)).contains("too-large");
    }

    @Test
    void thePythonClientExampleOverBothTransports() throws Exception {
        Out viaUnix = exec("python3", "examples/serve-client.py", "--socket", socket.toString(), "examples/ivshmem-plain.yaml");
        assertThat(viaUnix.code()).as(viaUnix.err()).isZero();
        assertThat(viaUnix.out()).contains("#0 0000:00:02.0 BAR2 -> resource2_wc mapped effective WC  intent cacheable, degraded");
        Out viaTcp = exec("python3", "examples/serve-client.py", "--url", url, "--token-file", tokenFile.toString(), "examples/ivshmem-plain.yaml");
        assertThat(viaTcp.code()).as(viaTcp.err()).isZero();
        assertThat(viaTcp.out()).isEqualTo(viaUnix.out());
        Out refused = exec("python3", "examples/serve-client.py", "--socket", socket.toString(), "examples/lockdown-host.yaml");
        assertThat(refused.code()).isEqualTo(2);
        Out noToken = exec("python3", "examples/serve-client.py", "--url", url, "examples/ivshmem-plain.yaml");
        assertThat(noToken.code()).isEqualTo(1);
    }

    @Test
    void yamlFromServeAndEvalRoundTripsInPyYamlAndPythonJson() throws Exception {
        // PyYAML (YAML 1.1) reads eval's YAML with the BDF as text, and the data equals serve's JSON
        Path yaml = dir.resolve("eval.yaml");
        Files.writeString(yaml, Cli.run("eval", "--format", "yaml", "--policies", policies.toString(), "examples/ivshmem-plain.yaml").out());
        Path json = dir.resolve("serve.json");
        Files.writeString(json, body(curl("-X", "POST", "--data-binary", "@examples/ivshmem-plain.yaml", "http://barwise/v1/decide")));
        String script = "import json, sys\n"
                + "try:\n    import yaml\nexcept ImportError:\n    print('no-pyyaml'); sys.exit(0)\n"
                + "y = yaml.safe_load(open(sys.argv[1])); j = json.load(open(sys.argv[2]))\n"
                + "d = y['scenarios'][0]['decisions']\n"
                + "assert d[0]['request']['device'] == '0000:00:02.0', d[0]['request']['device']\n"
                + "assert d == j['scenarios'][0]['decisions']\n"
                + "print('ok')\n";
        Out o = exec("python3", "-c", script, yaml.toString(), json.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().strip()).isIn("ok", "no-pyyaml");
    }

    @Test
    void checkGivesPolicyDiagnostics() throws Exception {
        Out good = curl("-X", "POST", "--data-binary", "@policies/default.yaml", "http://barwise/v1/check");
        JsonNode g = ContractSchemas.assertValid(Contract.Kind.CHECK_REPORT, body(good));
        assertThat(g.get("errors").asInt()).isZero();
        assertThat(g.get("policyRules").asInt()).isPositive();
        Out bad = curl("-X", "POST", "--data-binary", "policies:\n  - name: x\n    match: device.vendr == 1\n    intent: cacheable\n", "http://barwise/v1/check");
        JsonNode b = ContractSchemas.assertValid(Contract.Kind.CHECK_REPORT, body(bad));
        assertThat(b.get("errors").asInt()).isEqualTo(1);
        assertThat(b.get("diagnostics").get(0).get("line").asInt()).isEqualTo(3);
    }

    @Test
    void aBrokenPolicyIsRefusedAndTheOldOneStays() throws Exception {
        synchronized (ServeTest.class) {
            long before = set.current().generation();
            Path extra = policies.resolve("extra.yaml");
            Files.writeString(extra, "policies:\n  - name: broken\n    match: device.vendr == 1\n    intent: cacheable\n");
            PolicySet.Reload r = set.reload();
            assertThat(r.ok()).isFalse();
            assertThat(r.refused().get(0).location().file()).endsWith("extra.yaml");
            assertThat(set.current().generation()).isEqualTo(before);
            assertThat(status(curl("-X", "POST", "--data-binary", "@examples/ivshmem-plain.yaml", "http://barwise/v1/decide"))).isEqualTo(200);
            Files.writeString(extra, "policies:\n  - name: fixed\n    match: device.vendor == 1\n    intent: cacheable\n");
            assertThat(set.reload().ok()).isTrue();
            assertThat(set.current().generation()).isEqualTo(before + 1);
            assertThat(set.current().rules()).isEqualTo(new PolicySet(SitePolicy.resolve(List.of(Path.of("policies/default.yaml"))), List.of()).current().rules() + 1);
            Files.delete(extra);
            assertThat(set.reload().ok()).isTrue();
        }
    }

    @Test
    void aChangedFileIsReloadedByTheWatcher() throws Exception {
        Path d = Files.createDirectories(dir.resolve("watched"));
        Files.copy(Path.of("policies/default.yaml"), d.resolve("default.yaml"));
        try (PolicySet watched = new PolicySet(SitePolicy.resolve(List.of(d)), List.of())) {
            List<PolicySet.Reload> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            watched.watch(heard::add);
            Files.writeString(d.resolve("more.yaml"), "policies:\n  - name: more\n    match: device.vendor == 2\n    intent: uncached\n");
            long deadline = System.currentTimeMillis() + 20_000;
            while (watched.current().generation() == 1 && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertThat(watched.current().generation()).isGreaterThan(1);
            assertThat(heard).anySatisfy(r -> assertThat(r.ok()).isTrue());
        }
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        curl("http://barwise/v1/health");
        Out m = curl("http://barwise/v1/metrics");
        assertThat(status(m)).isEqualTo(200);
        assertThat(body(m)).contains("# TYPE barwise_requests_total counter", "barwise_requests_total{path=\"/v1/health\",code=\"200\"}",
                "# TYPE barwise_request_duration_seconds histogram", "barwise_request_duration_seconds_bucket{path=\"/v1/health\",le=\"+Inf\"}",
                "barwise_policy_generation");
    }
}
