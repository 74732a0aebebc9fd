package io.barwise.yaml;

import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML value that remembers where it was written (file, line, column) and its field path, so
 * every error about it can say exactly where. Readers use {@link MapNode#require} and friends,
 * then {@link MapNode#rejectUnknown} so that a misspelt field is an error, not a silent default.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {

    SourceLocation location();

    /** {@code devices[0].bars[1].flags} */
    default String path() { return location().field(); }

    default InvalidInputException error(String code, String message, String hint) {
        return new InvalidInputException(code, location(), message, hint);
    }

    default InvalidInputException error(ErrorCode code, String message, String hint) {
        return error(code.id(), message, hint);
    }

    default MapNode asMap() {
        if (this instanceof MapNode m) return m;
        throw error(ErrorCode.WRONG_TYPE, path() + " must be a mapping (key: value lines)", null);
    }

    default ListNode asList() {
        if (this instanceof ListNode l) return l;
        throw error(ErrorCode.WRONG_TYPE, path() + " must be a list", "write it as [a, b] or as lines starting with '- '");
    }

    default Scalar asScalar() {
        if (this instanceof Scalar s) return s;
        throw error(ErrorCode.WRONG_TYPE, path() + " must be a single value, not a " + (this instanceof MapNode ? "mapping" : "list"), null);
    }

    default String asString() { return asScalar().asString(); }

    default long asLong() { return asScalar().number(); }

    default int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > 0xffffffffL) throw error(ErrorCode.OUT_OF_RANGE, path() + " value " + v + " does not fit in 32 bits", null);
        return (int) v;
    }

    default boolean asBoolean() {
        String t = asString().toLowerCase();
        return switch (t) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(ErrorCode.WRONG_TYPE, path() + " must be true or false, not '" + asString() + "'", null);
        };
    }

    /** Converts with {@code parse}, turning its IllegalArgumentException into a located error. */
    default <T> T as(Function<String, T> parse) {
        try {
            return parse.apply(asString());
        } catch (IllegalArgumentException e) {
            throw error(ErrorCode.BAD_VALUE, path() + ": " + e.getMessage(), null);
        }
    }

    record Scalar(SourceLocation location, String text) implements Node {
        @Override
        public String asString() {
            if (text == null) throw error(ErrorCode.MISSING_VALUE, path() + " has no value", null);
            return text;
        }

        /** Decimal, 0x hex, 0o octal, 0b binary, underscores, and K/M/G/T suffixes (powers of 1024, optional "iB"). */
        public long number() {
            try {
                return Numbers.parse(asString());
            } catch (NumberFormatException e) {
                throw error(ErrorCode.NOT_A_NUMBER, path() + " must be a number (decimal, 0x hex, or with K/M/G/T), not '" + text + "'", null);
            }
        }
    }

    record ListNode(SourceLocation location, List<Node> items) implements Node {
        public ListNode {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        /** A scalar is accepted where a list is expected, as a list of one. */
        public static ListNode of(Node n) {
            return n instanceof ListNode l ? l : new ListNode(n.location(), List.of(n));
        }
    }

    record MapNode(SourceLocation location, Map<String, Node> fields, Map<String, SourceLocation> keys) implements Node {
        public MapNode {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        public Optional<Node> get(String name) { return Optional.ofNullable(fields.get(name)); }

        public Node require(String name) {
            Node n = fields.get(name);
            if (n == null) throw error(ErrorCode.MISSING_FIELD, (path().isEmpty() ? "" : path() + ": ") + "the field '" + name + "' is required", null);
            return n;
        }

        public <T> T get(String name, Function<Node, T> read, T fallback) {
            Node n = fields.get(name);
            return n == null || (n instanceof Scalar s && s.text() == null) ? fallback : read.apply(n);
        }

        /** Fails on the first field not in {@code known}, suggesting the closest known name. */
        public void rejectUnknown(Set<String> known) {
            List<InvalidInputException> unknown = unknownFields(known);
            if (!unknown.isEmpty()) throw unknown.get(0);
        }

        /** One error per field not in {@code known}, in file order, each suggesting the closest known name. */
        public List<InvalidInputException> unknownFields(Set<String> known) {
            List<InvalidInputException> out = new ArrayList<>();
            for (var e : keys.entrySet()) {
                if (!known.contains(e.getKey())) {
                    String near = Numbers.closest(e.getKey(), known);
                    out.add(new InvalidInputException(ErrorCode.UNKNOWN_FIELD, e.getValue(),
                            "unknown field '" + e.getKey() + "'" + (path().isEmpty() ? "" : " in " + path()),
                            near != null ? "did you mean '" + near + "'?" : "known fields: " + String.join(", ", known.stream().sorted().toList())));
                }
            }
            return out;
        }
    }
}
