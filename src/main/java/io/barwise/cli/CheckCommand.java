package io.barwise.cli;

import io.barwise.authoring.Checker;
import io.barwise.output.AuthoringDocuments;
import io.barwise.output.AuthoringReports;
import io.barwise.output.Contract;
import io.barwise.output.Format;
import java.io.PrintWriter;
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

/** {@code barwise check}: validate policies, scenarios, test files and DRL, and analyse policies for conflicts. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate policies, scenarios, tests and DRL; find policy conflicts.",
                "Parses and compiles without deciding anything, and reports every error with file:line:col, field or"
                        + " rule, and a fix hint. Then looks for policy rules that conflict, are shadowed by a"
                        + " higher-priority rule, or can never match, each with a concrete witness device and both"
                        + " rules' locations."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors (warnings allowed unless --fail-on warning)", "1:internal error",
                "2:warnings and --fail-on warning", "3:errors: some file cannot be used"})
final class CheckCommand implements Callable<Integer> {
    enum FailOn { error, warning }

    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or folders (default: policies and examples, where they exist).")
    List<Path> paths = new ArrayList<>();

    @Mixin FormatOption format;

    @Option(names = "--no-analysis", description = "Skip the conflict, shadowing and never-matches analysis.")
    boolean noAnalysis;

    @Option(names = "--fail-on", defaultValue = "error", description = "error (default) or warning: warnings (analysis findings) also fail, with exit 2.")
    FailOn failOn;

    @Option(names = "--budget", defaultValue = "20000", paramLabel = "N",
            description = "Generated contexts per witness search (default: ${DEFAULT-VALUE}); beyond it a fixed-seed sample is used.")
    int budget;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Format f = format.tableOrDocument();
        List<Path> in = paths;
        if (in.isEmpty()) {
            in = new ArrayList<>();
            for (String d : List.of("policies", "examples")) if (Files.isDirectory(Path.of(d))) in.add(Path.of(d));
            if (in.isEmpty()) {
                spec.commandLine().getErr().println("barwise check: nothing to check: give files or folders (no policies/ or examples/ here)");
                return ExitCode.INVALID_INPUT;
            }
        }
        Checker.Result r = new Checker(!noAnalysis, budget).check(in);
        if (f.document()) out.print(Contract.write(AuthoringDocuments.check(r), f));
        else AuthoringReports.checkTable(out, r);
        out.flush();
        if (r.errors() > 0) return ExitCode.INVALID_INPUT;
        if (failOn == FailOn.warning && r.warnings() > 0) return ExitCode.REFUSED;
        return ExitCode.OK;
    }
}
