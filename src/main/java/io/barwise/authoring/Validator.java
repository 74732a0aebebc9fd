package io.barwise.authoring;

import io.barwise.authoring.Shape.Bool;
import io.barwise.authoring.Shape.Expr;
import io.barwise.authoring.Shape.Field;
import io.barwise.authoring.Shape.Int;
import io.barwise.authoring.Shape.ListOf;
import io.barwise.authoring.Shape.Obj;
import io.barwise.authoring.Shape.PathOr;
import io.barwise.authoring.Shape.Str;
import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.yaml.Node;
import io.barwise.yaml.Node.ListNode;
import io.barwise.yaml.Node.MapNode;
import io.barwise.yaml.Node.Scalar;
import io.barwise.yaml.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a parsed file against its {@link Shape} and reports every problem, not only the first: unknown
 * fields (with the closest known name), missing required fields, wrong types, values out of range, and
 * unknown enum values. What needs more than the shape (MVEL, cross references) is left to the readers.
 */
public final class Validator {
    private Validator() {}

    public static List<InvalidInputException> validate(Node node, Shape shape) {
        List<InvalidInputException> out = new ArrayList<>();
        walk(node, shape, out);
        return out;
    }

    private static void walk(Node node, Shape shape, List<InvalidInputException> out) {
        switch (shape) {
            case Obj o -> object(node, o, out);
            case ListOf l -> {
                if (node instanceof ListNode ln) {
                    for (Node item : ln.items()) walk(item, l.item(), out);
                } else if (l.scalarAllowed() && !(node instanceof MapNode)) {
                    walk(node, l.item(), out);
                } else if (!isNull(node)) {
                    out.add(node.error(ErrorCode.WRONG_TYPE, label(node) + " must be a list", "write it as [a, b] or as lines starting with '- '"));
                }
            }
            case PathOr p -> {
                if (node instanceof MapNode) object(node, p.inline(), out);
                else scalar(node, out, "a path or an inline mapping");
            }
            case Str s -> string(node, s, out);
            case Expr e -> {
                Scalar sc = scalar(node, out, "an MVEL expression in quotes");
                if (sc != null && (sc.text() == null || sc.text().isBlank())) {
                    out.add(node.error(ErrorCode.EMPTY_CONDITION, label(node) + " is empty", "write a condition such as bar.index == 2, or \"true\""));
                }
            }
            case Int i -> integer(node, i, out);
            case Bool b -> {
                Scalar sc = scalar(node, out, "true or false");
                if (sc != null && sc.text() != null) {
                    String t = sc.text().toLowerCase(Locale.ROOT);
                    if (!List.of("true", "false", "yes", "no", "on", "off").contains(t)) {
                        out.add(node.error(ErrorCode.WRONG_TYPE, label(node) + " must be true or false, not '" + sc.text() + "'", "write true or false (yes/no and on/off also work)"));
                    }
                }
            }
        }
    }

    private static boolean isNull(Node n) { return n instanceof Scalar s && s.text() == null; }

    private static String label(Node n) { return n.path().isEmpty() ? "the document" : n.path(); }

    private static void object(Node node, Obj o, List<InvalidInputException> out) {
        if (!(node instanceof MapNode m)) {
            if (!isNull(node) || o.fields().values().stream().anyMatch(Field::required)) {
                out.add(node.error(ErrorCode.WRONG_TYPE, label(node) + " must be a mapping (key: value lines)", "indent 'key: value' lines under it, or write {key: value}"));
            }
            return;
        }
        out.addAll(m.unknownFields(o.fields().keySet()));
        for (var e : o.fields().entrySet()) {
            Node child = m.fields().get(e.getKey());
            if (child == null || isNull(child) && e.getValue().required()) {
                if (e.getValue().required()) {
                    out.add(m.error(ErrorCode.MISSING_FIELD, (m.path().isEmpty() ? "" : m.path() + ": ") + "the field '" + e.getKey() + "' is required",
                            "add " + e.getKey() + ": (" + e.getValue().shape().description() + ")"));
                }
                continue;
            }
            if (isNull(child)) continue;
            walk(child, e.getValue().shape(), out);
        }
    }

    private static Scalar scalar(Node node, List<InvalidInputException> out, String what) {
        if (node instanceof Scalar s) return s;
        out.add(node.error(ErrorCode.WRONG_TYPE, label(node) + " must be " + what + ", not a " + (node instanceof MapNode ? "mapping" : "list"),
                node instanceof MapNode ? "put the value on the same line as the key; quote it if it contains ': '" : "give one value, not a list"));
        return null;
    }

    private static void string(Node node, Str s, List<InvalidInputException> out) {
        Scalar sc = scalar(node, out, s.values().isEmpty() ? "a single value" : "one of " + String.join(", ", s.values()));
        if (sc == null || sc.text() == null) return;
        String t = sc.text().trim();
        if (!s.values().isEmpty() && s.values().stream().noneMatch(v -> v.equalsIgnoreCase(t))) {
            String near = Numbers.closest(t, s.values());
            out.add(node.error(ErrorCode.BAD_VALUE, label(node) + ": unknown value '" + t + "'",
                    (near != null ? "did you mean '" + near + "'? " : "") + "expected one of: " + String.join(", ", s.values())));
        } else if (s.pattern() != null && !Pattern.compile(s.pattern()).matcher(t).find()) {
            out.add(node.error(ErrorCode.BAD_VALUE, label(node) + ": '" + t + "' is not valid here", "write " + s.patternHint()));
        }
    }

    private static void integer(Node node, Int i, List<InvalidInputException> out) {
        Scalar sc = scalar(node, out, "a number");
        if (sc == null || sc.text() == null) return;
        long v;
        try {
            v = Numbers.parse(sc.text());
        } catch (NumberFormatException | ArithmeticException e) {
            out.add(node.error(ErrorCode.NOT_A_NUMBER, label(node) + " must be a number (decimal, 0x hex, or with K/M/G/T), not '" + sc.text() + "'",
                    "e.g. 4096, 0x1000 or 4K"));
            return;
        }
        if (i.min() != null && v < i.min() || i.max() != null && v > i.max()) {
            out.add(node.error(ErrorCode.OUT_OF_RANGE, label(node) + " is " + v + ", outside " + (i.min() == null ? "" : i.min()) + ".."
                    + (i.max() == null ? "" : "0x" + Long.toHexString(i.max())), i.description()));
        }
    }
}
