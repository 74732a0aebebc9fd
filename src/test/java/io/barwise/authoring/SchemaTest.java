package io.barwise.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.barwise.authoring.Shape.ListOf;
import io.barwise.authoring.Shape.Obj;
import io.barwise.policy.PolicyReader;
import io.barwise.scenario.ScenarioReader;
import io.barwise.yaml.YamlReader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The schemas describe exactly the fields the readers accept, and the shipped JSON Schema files are generated from them. */
class SchemaTest {

    @SuppressWarnings("unchecked")
    static Set<String> readerFields(String name) throws Exception {
        Field f = ScenarioReader.class.getDeclaredField(name);
        f.setAccessible(true);
        return (Set<String>) f.get(null);
    }

    static Obj obj(Shape s) { return s instanceof ListOf l ? (Obj) l.item() : (Obj) s; }

    static Obj field(Obj o, String name) { return obj(o.fields().get(name).shape()); }

    @Test
    void scenarioSchemaHasTheReadersFields() throws Exception {
        Obj top = Schemas.SCENARIO_FILE;
        assertThat(top.fields().keySet()).isEqualTo(readerFields("TOP"));
        Obj platform = field(top, "platform");
        assertThat(platform.fields().keySet()).isEqualTo(readerFields("PLATFORM"));
        assertThat(field(platform, "mtrr").fields().keySet()).isEqualTo(readerFields("MTRR"));
        assertThat(field(field(platform, "mtrr"), "ranges").fields().keySet()).isEqualTo(readerFields("MTRR_RANGE"));
        assertThat(field(platform, "caller").fields().keySet()).isEqualTo(readerFields("CALLER"));
        Obj device = field(top, "devices");
        assertThat(device.fields().keySet()).isEqualTo(readerFields("DEVICE"));
        assertThat(field(device, "bars").fields().keySet()).isEqualTo(readerFields("BAR"));
        assertThat(field(top, "reservations").fields().keySet()).isEqualTo(readerFields("RESERVATION"));
        assertThat(field(top, "requests").fields().keySet()).isEqualTo(readerFields("REQUEST"));
    }

    @Test
    void policySchemaHasTheReadersFields() {
        assertThat(Schemas.POLICY_FILE.fields().keySet()).isEqualTo(PolicyReader.TOP);
        assertThat(field(Schemas.POLICY_FILE, "policies").fields().keySet()).isEqualTo(PolicyReader.RULE);
    }

    @Test
    void testSchemaNamesEveryComparedField() {
        assertThat(Schemas.EXPECTATION.fields().keySet()).containsAll(TestFile.SCALARS);
        assertThat(field(Schemas.TEST_FILE, "tests").fields().get("scenario").shape()).isInstanceOf(Shape.PathOr.class);
    }

    @Test
    void shippedSchemaFilesAreGenerated() throws Exception {
        for (Schemas.Kind k : Schemas.Kind.values()) {
            Path f = Path.of("src/main/resources/schema/" + k.id() + ".schema.json");
            assertThat(Files.readString(f)).as("%s is out of date: run bin/barwise schema --out src/main/resources/schema", f)
                    .isEqualTo(JsonSchema.text(k));
        }
    }

    @Test
    void shippedFilesValidateAgainstTheirSchemas() {
        assertThat(Validator.validate(YamlReader.read(Path.of("policies/default.yaml")), Schemas.POLICY_FILE)).isEmpty();
        assertThat(Validator.validate(YamlReader.read(Path.of("examples/ivshmem-plain.yaml")), Schemas.SCENARIO_FILE)).isEmpty();
        assertThat(Validator.validate(YamlReader.read(Path.of("policies/tests/default.test.yaml")), Schemas.TEST_FILE)).isEmpty();
    }
}
