package io.barwise.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versioned output contract (docs/output-contract.md): every JSON or YAML document barwise writes
 * starts with {@code apiVersion} and {@code kind}, and has one shape per kind whatever the number of
 * inputs. Each kind has a JSON Schema under {@code schema/v1/} in the jar ({@code barwise schema}).
 */
public final class Contract {
    private Contract() {}

    public static final String API_VERSION = "barwise.io/v1";

    /** The document kinds of v1 and their schema files. */
    public enum Kind {
        EVAL_REPORT("EvalReport", "eval-report"),
        SCAN_REPORT("ScanReport", "scan-report"),
        MAP_REPORT("MapReport", "map-report"),
        TEST_REPORT("TestReport", "test-report"),
        CHECK_REPORT("CheckReport", "check-report"),
        FLEET_REPORT("FleetReport", "fleet-report"),
        /** One line of {@code barwise fleet --format jsonl}: one BAR of one host. */
        FLEET_BAR("FleetBar", "fleet-bar"),
        /** The error document of {@code barwise serve} (HTTP 4xx/5xx). */
        ERROR("Error", "error"),
        /** {@code GET /v1/health} of {@code barwise serve}. */
        HEALTH("Health", "health"),
        /** {@code barwise selfcheck --format json|yaml}: the observed machine facts and what disagrees. */
        SELF_CHECK_REPORT("SelfCheckReport", "selfcheck-report");

        private final String id;
        private final String file;

        Kind(String id, String file) {
            this.id = id;
            this.file = file;
        }

        public String id() { return id; }

        /** The schema's name for {@code barwise schema NAME} and its file {@code NAME.schema.json}. */
        public String schemaName() { return file; }

        public String resource() { return "schema/v1/" + file + ".schema.json"; }
    }

    /** A new document: {@code apiVersion}, {@code kind}, then whatever the caller adds, in order. */
    public static Map<String, Object> document(Kind kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", API_VERSION);
        m.put("kind", kind.id());
        return m;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();
    // Every string is quoted: YAML 1.1 readers (PyYAML's safe_load) would read 0000:00:02.0 as a
    // sexagesimal number, and yes/no/on/off as booleans.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    /** The document as indented JSON or YAML ({@code format} json or yaml), ending in a newline. */
    public static String write(Object doc, Format format) {
        if (!format.document()) throw new IllegalArgumentException(format + " is not a document format");
        try {
            String s = (format == Format.yaml ? YAML : JSON).writeValueAsString(doc).replace("\r\n", "\n");
            return s.endsWith("\n") ? s : s + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document as one line of JSON (JSON Lines), without the newline. */
    public static String line(Object doc) {
        try {
            return JSON_LINE.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema of a kind, as shipped in the jar. */
    public static String schema(Kind kind) { return resource(kind.resource()); }

    /** The shared definitions schema ({@code defs.schema.json}). */
    public static String defs() { return resource(DEFS_RESOURCE); }

    private static String resource(String name) {
        try (var in = Contract.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The shared definitions (Decision, Request, Platform, Diagnostic) the kind schemas refer to. */
    public static final String DEFS_RESOURCE = "schema/v1/defs.schema.json";
}
