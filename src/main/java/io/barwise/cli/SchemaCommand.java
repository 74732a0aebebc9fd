package io.barwise.cli;

import io.barwise.authoring.JsonSchema;
import io.barwise.authoring.Schemas;
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
        description = {"Print JSON Schema for policy, scenario or test files (for editors).",
                "Draft 2020-12. --out DIR writes policy.schema.json, scenario.schema.json and test.schema.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed or written", "1:internal error (e.g. DIR cannot be written)", "3:unknown KIND or bad options"})
final class SchemaCommand implements Callable<Integer> {
    enum Kind { policy, scenario, test }

    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "KIND", description = "policy, scenario or test (default: policy).")
    Kind kind;

    @Option(names = "--out", paramLabel = "DIR", description = "Write all three schemas into DIR.")
    Path out;

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
        } else {
            Schemas.Kind k = switch (kind == null ? Kind.policy : kind) {
                case policy -> Schemas.Kind.POLICY;
                case scenario -> Schemas.Kind.SCENARIO;
                case test -> Schemas.Kind.TEST;
            };
            w.print(JsonSchema.text(k));
        }
        w.flush();
        return ExitCode.OK;
    }
}
