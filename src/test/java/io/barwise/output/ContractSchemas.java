package io.barwise.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Validates documents against the output schemas shipped in the jar, with networknt's json-schema-validator. */
public final class ContractSchemas {
    private ContractSchemas() {}

    static final String BASE = "https://barwise.io/schema/v1/";
    private static final SchemaRegistry REGISTRY;

    static {
        Map<String, String> texts = new HashMap<>();
        texts.put(BASE + "defs.schema.json", Contract.defs());
        for (Contract.Kind k : Contract.Kind.values()) texts.put(BASE + k.schemaName() + ".schema.json", Contract.schema(k));
        REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(texts));
    }

    /** Asserts that {@code json} is a valid document of {@code kind} and returns it parsed. */
    public static JsonNode assertValid(Contract.Kind kind, String json) {
        try {
            return assertValid(kind, new ObjectMapper().readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + json, e);
        }
    }

    public static JsonNode assertValid(Contract.Kind kind, JsonNode doc) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + kind.schemaName() + ".schema.json"));
        List<Error> errors = schema.validate(doc);
        assertThat(errors).as("%s against %s", doc.toString().length() > 2000 ? doc.toString().substring(0, 2000) + "..." : doc, kind.schemaName())
                .isEmpty();
        assertThat(doc.get("apiVersion").asText()).isEqualTo(Contract.API_VERSION);
        assertThat(doc.get("kind").asText()).isEqualTo(kind.id());
        return doc;
    }

    /** Asserts that the schema rejects {@code json} (so a test of validity can fail). */
    public static void assertInvalid(Contract.Kind kind, String json) throws Exception {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE + kind.schemaName() + ".schema.json"));
        assertThat(schema.validate(new ObjectMapper().readTree(json))).isNotEmpty();
    }
}
