package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.audit.AuditLog;
import io.barwise.engine.Report;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.ReportDocument;
import io.barwise.yaml.Node;
import io.barwise.yaml.YamlReader;
import io.barwise.output.TableWriter;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.PolicyVerdict;
import io.barwise.scenario.ScenarioReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code barwise eval}: dry-run one or more scenarios; nothing is opened or mapped. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Dry-run: decide every request of the scenario(s) and explain. Opens no device.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every request would be mapped", "1:internal error", "2:some request is refused or denied",
                "3:invalid scenario, policy or rule file"})
final class EvalCommand implements Callable<Integer> {

    enum Format { table, json, yaml }

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files (YAML or JSON); - reads standard input.")
    List<Path> scenarios;

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy files or directories (repeatable).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "PATH", description = "Extra DRL files or directories (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--explain", description = "Add every reason, the alternatives, and for each policy rule why it did or did not apply.")
    boolean explain;

    @Option(names = "--log", paramLabel = "FILE", description = "Append one JSON line per decision to FILE (audit log).")
    Path log;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Barwise engine = Engines.create(policies, rules);
        boolean allGranted = true;
        List<ReportDocument.Evaluated> evaluated = new ArrayList<>();
        boolean stdinRead = false;
        try (AuditLog audit = log == null ? null : AuditLog.open(log)) {
            for (Path file : scenarios) {
                Input in = Input.of(file, stdinRead);
                stdinRead |= in.stdin();
                Scenario s = ScenarioReader.read(in.node());
                Report report = engine.decide(s);
                allGranted &= report.allGranted();
                if (audit != null) Audit.decisions(audit, in.name(), in.content(), policies, report);
                List<List<PolicyVerdict>> explanations = explain ? explain(s, engine.policies()) : null;
                if (format == Format.table) {
                    TableWriter.write(out, in.name(), report, explanations, explain);
                    out.flush();
                } else {
                    evaluated.add(new ReportDocument.Evaluated(in.name(), report, explanations));
                }
            }
        }
        if (format != Format.table) {
            out.print(Contract.write(ReportDocument.eval(evaluated), format == Format.yaml ? Contract.Format.YAML : Contract.Format.JSON));
        }
        out.flush();
        return allGranted ? ExitCode.OK : ExitCode.REFUSED;
    }

    /** A scenario: a file, or standard input for {@code -} (read once); {@code bytes} is the text, for the audit log's hash. */
    record Input(String name, Node node, byte[] bytes, boolean stdin) {
        static Input of(Path file, boolean stdinRead) {
            if (!file.toString().equals("-")) return new Input(file.toString(), YamlReader.read(file), null, false);
            if (stdinRead) {
                throw new InvalidInputException("stdin-twice", new SourceLocation("-", 0, 0, "SCENARIO"),
                        "standard input can be read only once", "give '-' once");
            }
            try {
                byte[] b = System.in.readNBytes((int) YamlReader.MAX_BYTES + 1);
                if (b.length > YamlReader.MAX_BYTES) {
                    throw new InvalidInputException("too-large", new SourceLocation("-", 0, 0, ""),
                            "standard input is larger than " + (YamlReader.MAX_BYTES >> 20) + " MiB", null);
                }
                return new Input("-", YamlReader.parse("-", new String(b, java.nio.charset.StandardCharsets.UTF_8)), b, true);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("unreadable", new SourceLocation("-", 0, 0, ""), e.getMessage(), null);
            }
        }

        byte[] content() {
            try {
                return bytes != null ? bytes : java.nio.file.Files.readAllBytes(Path.of(name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static List<List<PolicyVerdict>> explain(Scenario s, List<PolicyRule> rules) {
        List<List<PolicyVerdict>> all = new ArrayList<>();
        for (Request r : s.requests()) all.add(PolicyVerdict.explain(rules, PolicyContext.of(s, r)));
        return all;
    }
}
