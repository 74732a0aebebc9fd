package io.barwise.authoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.barwise.authoring.Shape.Bool;
import io.barwise.authoring.Shape.Expr;
import io.barwise.authoring.Shape.Int;
import io.barwise.authoring.Shape.ListOf;
import io.barwise.authoring.Shape.Obj;
import io.barwise.authoring.Shape.PathOr;
import io.barwise.authoring.Shape.Str;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link Shape} into JSON Schema (draft 2020-12), for editors (yaml-language-server, IntelliJ). */
public final class JsonSchema {
    private JsonSchema() {}

    /** Numbers may be written as text: 0x1af4, 4M, 1_000. */
    static final String NUMBER_TEXT = "^-?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*([kKmMgGtT]([iI][bB])?)?)$";

    public static Map<String, Object> of(Schemas.Kind kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        m.put("$id", "https://barwise.io/schema/" + kind.id() + ".schema.json");
        m.put("title", "barwise " + kind.id() + " file");
        m.putAll(shape(Schemas.of(kind)));
        return m;
    }

    public static String text(Schemas.Kind kind) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(of(kind)).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ordered map, so the generated text is the same on every run. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Map<String, Object> shape(Shape s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.description() != null) m.put("description", s.description());
        switch (s) {
            case Obj o -> {
                m.put("type", "object");
                Map<String, Object> props = new LinkedHashMap<>();
                o.fields().forEach((k, f) -> props.put(k, shape(f.shape())));
                m.put("properties", props);
                if (!o.required().isEmpty()) m.put("required", o.required());
                m.put("additionalProperties", false);
            }
            case ListOf l -> {
                Map<String, Object> arr = new LinkedHashMap<>();
                arr.put("type", "array");
                arr.put("items", shape(l.item()));
                if (l.scalarAllowed()) {
                    m.put("anyOf", List.of(shape(l.item()), arr));
                } else {
                    m.putAll(arr);
                }
            }
            case Str st -> {
                m.put("type", "string");
                if (!st.values().isEmpty()) {
                    List<String> all = new ArrayList<>(st.values());
                    m.put("enum", all);
                } else if (st.pattern() != null) {
                    m.put("pattern", st.pattern());
                }
            }
            case Expr e -> {
                m.put("type", "string");
                m.put("minLength", 1);
            }
            case Int i -> {
                Map<String, Object> num = new LinkedHashMap<>();
                num.put("type", "integer");
                if (i.min() != null) num.put("minimum", i.min());
                if (i.max() != null) num.put("maximum", i.max());
                m.put("anyOf", List.of(num, map("type", "string", "pattern", NUMBER_TEXT)));
            }
            case Bool b -> m.put("anyOf", List.of(map("type", "boolean"), map("type", "string", "enum", List.of("yes", "no", "on", "off"))));
            case PathOr p -> m.put("anyOf", List.of(map("type", "string", "description", "A path relative to this file."), shape(p.inline())));
        }
        return m;
    }
}
