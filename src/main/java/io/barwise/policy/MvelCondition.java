package io.barwise.policy;

import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mvel2.MVEL;
import org.mvel2.ParserConfiguration;
import org.mvel2.ParserContext;

/**
 * A policy condition written in MVEL, compiled once with strong typing against the views, so a
 * misspelt property or a non-boolean expression is an error when the policy is loaded.
 */
final class MvelCondition implements Condition {
    private static final Pattern PROPERTY = Pattern.compile("\\b(device|bar|platform|request)\\.([A-Za-z]+)\\b(?!\\s*\\()");

    private final String source;
    private final SourceLocation location;
    private final Serializable compiled;
    private final List<String[]> reads;

    private MvelCondition(String source, SourceLocation location, Serializable compiled, List<String[]> reads) {
        this.source = source;
        this.location = location;
        this.compiled = compiled;
        this.reads = reads;
    }

    static MvelCondition compile(String source, SourceLocation at) {
        String refusal = ExpressionGuard.check(source, Properties.ALL);
        if (refusal != null) {
            throw new InvalidInputException("mvel-forbidden", at, refusal + " in `" + source + "`",
                    "compare properties, e.g. device.vendor == 0x1af4 && bar.index == 2");
        }
        ParserConfiguration conf = new ParserConfiguration();
        ParserContext ctx = new ParserContext(conf);
        ctx.setStrongTyping(true);
        ctx.setStrictTypeEnforcement(true);
        ctx.addInput("device", Views.DeviceView.class);
        ctx.addInput("bar", Views.BarView.class);
        ctx.addInput("platform", Views.PlatformView.class);
        ctx.addInput("request", Views.RequestView.class);
        Serializable compiled;
        try {
            compiled = MVEL.compileExpression(source, ctx);
        } catch (RuntimeException e) {
            throw new InvalidInputException("mvel-compile", at, "expression `" + source + "` does not compile: " + firstLine(e),
                    "properties: " + Properties.describe());
        }
        Class<?> type = ((org.mvel2.compiler.ExecutableStatement) compiled).getKnownEgressType();
        if (type != null && type != Boolean.class && type != boolean.class && type != Object.class) {
            throw new InvalidInputException("mvel-not-boolean", at, "expression `" + source + "` gives a " + type.getSimpleName()
                    + ", not true/false", "compare it, e.g. bar.size >= 0x100000");
        }
        List<String[]> reads = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = PROPERTY.matcher(source);
        while (m.find()) {
            if (seen.add(m.group())) reads.add(new String[] {m.group(1), m.group(2)});
        }
        return new MvelCondition(source, at, compiled, reads);
    }

    private static String firstLine(RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        msg = msg.replaceAll("\\s*\\[Near : \\{.*", "").strip();
        return msg.split("\\R")[0];
    }

    @Override
    public String source() { return source; }

    @Override
    public SourceLocation location() { return location; }

    @Override
    public boolean test(PolicyContext ctx) {
        try {
            return Boolean.TRUE.equals(MVEL.executeExpression(compiled, vars(ctx)));
        } catch (RuntimeException e) {
            // e.g. a null driver name: the condition does not hold.
            return false;
        }
    }

    @Override
    public String observed(PolicyContext ctx) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> vars = vars(ctx);
        for (String[] r : reads) {
            Object v;
            try {
                v = MVEL.eval(r[0] + "." + r[1], vars);
            } catch (RuntimeException e) {
                v = "?";
            }
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(r[0]).append('.').append(r[1]).append('=').append(render(v));
        }
        return sb.toString();
    }

    private static String render(Object v) {
        if (v instanceof Integer i && (i < 0 || i > 9)) return "0x" + Integer.toHexString(i);
        if (v instanceof Long l && (l < 0 || l > 9)) return "0x" + Long.toHexString(l);
        if (v instanceof String s) return "'" + s + "'";
        return String.valueOf(v);
    }

    private static Map<String, Object> vars(PolicyContext ctx) {
        return Map.of("device", ctx.device(), "bar", ctx.bar(), "platform", ctx.platform(), "request", ctx.request());
    }

    @Override
    public List<String> reads() { return reads.stream().map(r -> r[0] + "." + r[1]).toList(); }

    @Override
    public String toString() { return source; }
}
