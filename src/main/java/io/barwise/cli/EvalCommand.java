package io.barwise.cli;

import io.barwise.Barwise;
import io.barwise.advice.Advice;
import io.barwise.audit.AuditLog;
import io.barwise.engine.Report;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import io.barwise.output.ReportDocument;
import io.barwise.yaml.Node;
import io.barwise.yaml.YamlReader;
import io.barwise.output.TableWriter;
import io.barwise.policy.PolicyVerdict;
import io.barwise.policy.SitePolicy;
import io.barwise.scenario.Finding;
import io.barwise.scenario.ScenarioReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise eval}: dry-run one or more scenarios; nothing is opened or mapped. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Dry-run: decide every request of the scenario files and explain. Opens no device.",
                "--explain adds every reason, the policy rules' verdicts, and for a degraded, refused or denied"
                        + " request what would change it (each change tried by deciding again)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every request would be mapped", "1:internal error", "2:some request is refused or denied",
                "3:invalid scenario, policy or rule file, or command line"})
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files (YAML or JSON); - reads standard input.")
    List<Path> scenarios;

    @Mixin PolicyOption policies;

    @Option(names = "--rules", paramLabel = "PATH", description = "Extra DRL files or directories (repeatable).")
    List<Path> rules = new ArrayList<>();

    @Mixin FormatOption format;

    @Option(names = "--explain",
            description = "Add every reason, the alternatives, each policy rule's verdict, and advice: what would change a degraded, refused or denied request.")
    boolean explain;

    @Option(names = {"-v", "--verbose"}, description = "Also list the rules that fired for each request.")
    boolean verbose;

    @Option(names = "--log", paramLabel = "FILE", description = "Append one JSON line per decision to FILE (audit log).")
    Path log;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Format f = format.tableOrDocument();
        // Every file is read and checked before anything is decided, so bad input prints no decision at all.
        List<Input> inputs = new ArrayList<>();
        List<Scenario> read = new ArrayList<>();
        for (Path file : scenarios) {
            Input in = Input.of(file, inputs.stream().anyMatch(Input::stdin));
            inputs.add(in);
            ScenarioReader.Checked c = ScenarioReader.check(in.node(), ScenarioReader.Use.DECIDE);
            for (Finding w : c.warnings()) spec.commandLine().getErr().println("barwise: warning: " + w.describe());
            read.add(c.orThrow());
        }
        SitePolicy site = policies.site();
        Barwise engine = Engines.create(site, rules);
        Engines.announce(spec, site, f == Format.table);
        boolean allGranted = true;
        List<ReportDocument.Evaluated> evaluated = new ArrayList<>();
        try (AuditLog audit = log == null ? null : AuditLog.open(log)) {
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                Scenario s = read.get(i);
                Report report = engine.decide(s);
                allGranted &= report.allGranted();
                if (audit != null) Audit.decisions(audit, in.name(), in.content(), site, report);
                List<List<PolicyVerdict>> verdicts = explain ? verdicts(engine, s) : null;
                List<List<Advice>> advice = explain ? engine.advise(s, report) : null;
                if (f == Format.table) {
                    TableWriter.write(out, in.name(), report, new TableWriter.Detail(explain, explain || verbose, verdicts, advice));
                    out.flush();
                } else {
                    evaluated.add(new ReportDocument.Evaluated(in.name(), report, verdicts, advice));
                }
            }
        }
        if (f.document()) out.print(Contract.write(ReportDocument.eval(evaluated), f));
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

    private static List<List<PolicyVerdict>> verdicts(Barwise engine, Scenario s) {
        List<List<PolicyVerdict>> all = new ArrayList<>();
        for (Request r : s.requests()) all.add(engine.explainPolicies(s, r));
        return all;
    }
}
