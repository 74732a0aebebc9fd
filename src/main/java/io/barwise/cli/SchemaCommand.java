package io.barwise.cli;

import io.barwise.authoring.JsonSchema;
import io.barwise.authoring.Schemas;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import io.barwise.output.Contract;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barwise schema}: JSON Schema for policy, scenario and test files, for editors. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print the JSON Schema of a file barwise reads, or of a document it writes.",
                "Draft 2020-12. Inputs (for editors): policy, scenario, test. Outputs (the v1 contract,"
                        + " docs/output-contract.md): eval-report, scan-report, map-report, test-report, check-report,"
                        + " selfcheck-report, fleet-report, fleet-bar, error, health, and defs (Decision and the other shared"
                        + " definitions they refer to). --out DIR writes the input schemas into DIR and the output ones into DIR/v1/."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed or written", "1:internal error (e.g. DIR cannot be written)", "3:unknown KIND or bad options"})
final class SchemaCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "KIND", description = "policy (default), scenario, test, or an output kind: ${COMPLETION-CANDIDATES}.",
            completionCandidates = OutputNames.class)
    String kind;

    @Option(names = "--out", paramLabel = "DIR", description = "Write all schemas into DIR.")
    Path out;

    static final class OutputNames extends java.util.ArrayList<String> {
        OutputNames() {
            for (Contract.Kind k : Contract.Kind.values()) add(k.schemaName());
            add("defs");
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (out != null) {
            Files.createDirectories(out);
            for (Schemas.Kind k : Schemas.Kind.values()) {
                Path f = out.resolve(k.id() + ".schema.json");
                Files.writeString(f, JsonSchema.text(k), StandardCharsets.UTF_8);
                w.println("wrote " + f);
            }
            // the output schemas under v1/, as in the jar: --out src/main/resources/schema regenerates in place
            Files.createDirectories(out.resolve("v1"));
            for (String name : new OutputNames()) {
                Path f = out.resolve("v1").resolve(name + ".schema.json");
                Files.writeString(f, output(name), StandardCharsets.UTF_8);
                w.println("wrote " + f);
            }
        } else {
            String k = kind == null ? "policy" : kind.toLowerCase(java.util.Locale.ROOT);
            switch (k) {
                case "policy" -> w.print(JsonSchema.text(Schemas.Kind.POLICY));
                case "scenario" -> w.print(JsonSchema.text(Schemas.Kind.SCENARIO));
                case "test" -> w.print(JsonSchema.text(Schemas.Kind.TEST));
                default -> {
                    if (!new OutputNames().contains(k)) {
                        throw new InvalidInputException("unknown-schema", new SourceLocation("command line", 0, 0, "KIND"),
                                "no schema '" + kind + "'", "one of: policy, scenario, test, " + String.join(", ", new OutputNames()));
                    }
                    w.print(output(k));
                }
            }
        }
        w.flush();
        return ExitCode.OK;
    }

    static String output(String name) {
        if (name.equals("defs")) return Contract.defs();
        for (Contract.Kind k : Contract.Kind.values()) if (k.schemaName().equals(name)) return Contract.schema(k);
        throw new IllegalArgumentException(name);
    }
}
