package io.barwise.cli;

import io.barwise.authoring.Coverage;
import io.barwise.authoring.TestRunner;
import io.barwise.output.AuthoringDocuments;
import io.barwise.output.AuthoringReports;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise test}: run declarative test files and report expected vs actual, coverage, and a summary line. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run policy test files (*.test.yaml), with coverage.",
                "Decides each test's scenario under its policies and compares every expected field. A missing"
                        + " request, an unknown rule or policy name, or an expectation that asserts nothing fails."
                        + " The last line is always 'N passed, N failed'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every test passed (and coverage met the threshold)", "1:internal error",
                "2:a test failed, or coverage is below --coverage-threshold", "3:a test file, or a file it names, is invalid"})
final class TestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Test files or folders (default: policies/tests and examples/tests, where they exist).")
    List<Path> paths = new ArrayList<>();

    @Mixin FormatOption formatOption;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the json, yaml or junit report to FILE; the table then still goes to standard output.")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "Show expected and actual for passing tests too.")
    boolean verbose;

    @Option(names = "--coverage", description = "Report which policy rules matched and which DRL rules fired, and list those that never did.")
    boolean coverage;

    @Option(names = "--coverage-lcov", paramLabel = "FILE",
            description = "Write policy coverage as an lcov tracefile: rules as functions, conditions as lines with true/false branches (implies --coverage).")
    Path lcov;

    @Option(names = "--coverage-threshold", paramLabel = "P",
            description = "Fail (exit 2) when coverage is below P percent, compared exactly (implies --coverage).")
    BigDecimal threshold;

    @Option(names = "--coverage-scope", defaultValue = "all", paramLabel = "SCOPE",
            description = "What the threshold applies to: all, policies or rules (default: ${DEFAULT-VALUE}).")
    String scope;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format format = formatOption.accept(Format.table, Format.json, Format.yaml, Format.junit);
        Coverage.Scope sc = switch (scope.toLowerCase()) {
            case "all" -> Coverage.Scope.ALL;
            case "policies" -> Coverage.Scope.POLICIES;
            case "rules" -> Coverage.Scope.RULES;
            default -> {
                err.println("barwise test: --coverage-scope must be all, policies or rules, not '" + scope + "'");
                yield null;
            }
        };
        if (sc == null) return ExitCode.INVALID_INPUT;
        if (threshold != null && (threshold.signum() < 0 || threshold.compareTo(BigDecimal.valueOf(100)) > 0)) {
            err.println("barwise test: --coverage-threshold must be between 0 and 100, not " + threshold.toPlainString());
            return ExitCode.INVALID_INPUT;
        }
        boolean cov = coverage || threshold != null || lcov != null;
        List<Path> in = paths;
        if (in.isEmpty()) {
            in = new ArrayList<>();
            for (String d : List.of("policies/tests", "examples/tests")) if (Files.isDirectory(Path.of(d))) in.add(Path.of(d));
            if (in.isEmpty()) {
                err.println("barwise test: no test files: give files or folders (no policies/tests or examples/tests here)");
                return ExitCode.INVALID_INPUT;
            }
        }
        TestRunner.Run run = new TestRunner().run(in);
        boolean below = threshold != null && !run.coverage().meets(threshold, sc);
        if (lcov != null) Files.writeString(lcov, run.coverage().lcov(), StandardCharsets.UTF_8);
        String summary = run.passed() + " passed, " + run.failed() + " failed";
        boolean tableToOut = format == Format.table || output != null;
        if (format != Format.table) {
            String doc = format == Format.junit ? AuthoringReports.junit(run)
                    : Contract.write(AuthoringDocuments.test(run, cov, threshold, sc), format);
            if (output != null) Files.writeString(output, doc, StandardCharsets.UTF_8);
            else out.print(doc);
        }
        PrintWriter human = tableToOut ? out : err;
        if (tableToOut) AuthoringReports.testTable(out, run, verbose);
        else for (var d : run.errors()) err.println("ERROR " + d.describe());
        if (cov) {
            AuthoringReports.coverageTable(human, run.coverage(), true);
            if (threshold != null) {
                human.println("coverage of " + sc.id() + " " + run.coverage().percentText(sc) + (below ? " is below" : " meets")
                        + " the threshold " + threshold.toPlainString() + "%");
            }
        }
        if (!run.errors().isEmpty()) human.println(run.errors().size() + " error(s) in test files or the files they name: fix them first (barwise check shows them all)");
        human.println(summary);
        out.flush();
        err.flush();
        if (!run.errors().isEmpty()) return ExitCode.INVALID_INPUT;
        return run.failed() > 0 || below ? ExitCode.REFUSED : ExitCode.OK;
    }
}
