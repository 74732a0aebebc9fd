package io.barwise.cli;

import io.barwise.Barwise;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.barwise.audit.AuditLog;
import io.barwise.engine.Report;
import io.barwise.model.Request;
import io.barwise.model.Scenario;
import io.barwise.output.ReportDocument;
import io.barwise.output.TableWriter;
import io.barwise.policy.PolicyContext;
import io.barwise.policy.PolicyReader;
import io.barwise.policy.PolicyRule;
import io.barwise.policy.PolicyVerdict;
import io.barwise.policy.SitePolicy;
import io.barwise.scenario.ScenarioReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files (YAML or JSON).")
    List<Path> scenarios;

    @Option(names = "--policies", paramLabel = "PATH", description = "Policy files or directories (repeatable; default: " + SitePolicy.SYSTEM_DIR + " if it exists, else the policy built into barwise).")
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
        SitePolicy site = SitePolicy.resolve(policies);
        Barwise engine = Engines.create(site, rules);
        Engines.announce(spec, site, format == Format.table);
        boolean allGranted = true;
        List<Object> documents = new ArrayList<>();
        try (AuditLog audit = log == null ? null : AuditLog.open(log)) {
            for (Path file : scenarios) {
                Scenario s = ScenarioReader.read(file);
                Report report = engine.decide(s);
                allGranted &= report.allGranted();
                if (audit != null) Audit.decisions(audit, file, site, report);
                List<List<PolicyVerdict>> explanations = explain ? explain(s, engine.policies()) : null;
                if (format == Format.table) {
                    TableWriter.write(out, file.toString(), report, explanations, explain);
                    out.flush();
                } else {
                    documents.add(ReportDocument.of(file.toString(), report, explanations));
                }
            }
        }
        if (format != Format.table) {
            Object doc = documents.size() == 1 ? documents.get(0) : Map.of("reports", documents);
            out.print(write(doc, format));
        }
        out.flush();
        return allGranted ? ExitCode.OK : ExitCode.REFUSED;
    }

    static List<List<PolicyVerdict>> explain(Scenario s, List<PolicyRule> rules) {
        List<List<PolicyVerdict>> all = new ArrayList<>();
        for (Request r : s.requests()) all.add(PolicyVerdict.explain(rules, PolicyContext.of(s, r)));
        return all;
    }

    static String write(Object doc, Format f) {
        try {
            ObjectMapper m = f == Format.yaml
                    ? new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                    : new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            String s = m.writeValueAsString(doc);
            return s.endsWith("\n") ? s : s + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
