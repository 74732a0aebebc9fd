package io.barwise.cli;

import io.barwise.output.Format;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --format}: table for people, json or yaml for tools; junit where a command accepts it. */
final class FormatOption {
    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json or yaml (test also: junit; fleet also: jsonl, csv); default: ${DEFAULT-VALUE}.")
    Format format;

    /** The format, if this command can print it; otherwise a command-line error (exit 3). */
    Format accept(Format... allowed) {
        if (List.of(allowed).contains(format)) return format;
        throw new ParameterException(command.commandLine(), "--format " + format + " is not available for '"
                + command.name() + "': use " + String.join(", ", List.of(allowed).stream().map(Enum::name).toList()));
    }

    /** table, json or yaml. */
    Format tableOrDocument() { return accept(Format.table, Format.json, Format.yaml); }
}
