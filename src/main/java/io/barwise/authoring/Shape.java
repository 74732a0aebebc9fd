package io.barwise.authoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a barwise input file, as data: what {@code check} validates every field against (collecting
 * every error, not only the first) and what {@code schema} turns into JSON Schema. {@link Schemas} builds
 * the shapes from the model's enums and the readers' field names, so there is one description of each format.
 */
public sealed interface Shape {
    String description();

    /** A mapping with known fields; any other field is an error. */
    record Obj(String description, Map<String, Field> fields) implements Shape {
        public Obj {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public List<String> required() {
            List<String> r = new ArrayList<>();
            fields.forEach((k, f) -> { if (f.required()) r.add(k); });
            return r;
        }
    }

    record Field(Shape shape, boolean required) {}

    /** Free text, or one of {@code values} (matched ignoring case, as the readers do), or matching {@code pattern}. */
    record Str(String description, List<String> values, String pattern, String patternHint) implements Shape {
        public Str {
            values = values == null ? List.of() : List.copyOf(values);
        }

        static Str text(String description) { return new Str(description, List.of(), null, null); }
    }

    /** An integer: decimal, 0x hex, 0o, 0b, underscores, K/M/G/T suffixes. */
    record Int(String description, Long min, Long max) implements Shape {}

    record Bool(String description) implements Shape {}

    /** A list; with {@code scalarAllowed} a single value stands for a list of one. */
    record ListOf(String description, Shape item, boolean scalarAllowed) implements Shape {}

    /** A policy condition: one MVEL expression over device, bar, platform and request. */
    record Expr(String description) implements Shape {}

    /** Either a path (text) or an inline mapping. */
    record PathOr(String description, Obj inline) implements Shape {}
}
