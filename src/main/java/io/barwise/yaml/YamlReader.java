package io.barwise.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.barwise.model.ErrorCode;
import io.barwise.model.InvalidInputException;
import io.barwise.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (or JSON, which is YAML) into {@link Node}s that carry file, line, column and path.
 * Duplicate keys are errors. Input is limited in size and nesting so hostile files fail cleanly.
 */
public final class YamlReader {
    /** Larger files are refused rather than read: barwise inputs are hand-written or generated small. */
    public static final long MAX_BYTES = 64L << 20;
    static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlReader() {}

    public static Node read(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(ErrorCode.TOO_LARGE, new SourceLocation(name, 0, 0, ""),
                        "file is larger than " + (MAX_BYTES >> 20) + " MiB", null);
            }
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(ErrorCode.NO_SUCH_FILE, new SourceLocation(name, 0, 0, ""), "no such file", null);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(ErrorCode.NOT_UTF8, new SourceLocation(name, 0, 0, ""), "the file is not UTF-8 text", null);
        } catch (IOException e) {
            throw new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(name, 0, 0, ""), "cannot read: " + e.getMessage(), null);
        }
    }

    /** Parses {@code text} as if read from a file called {@code name}. An empty document is an empty mapping. */
    public static Node parse(String name, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new Node.MapNode(new SourceLocation(name, 1, 1, ""), Map.of(), Map.of());
            Node root = value(p, name, "", 0);
            if (p.nextToken() != null) {
                throw new InvalidInputException(ErrorCode.MULTIPLE_DOCUMENTS, at(name, p.currentTokenLocation(), ""),
                        "only one YAML document per file is read", "remove the '---' separator and what follows it");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML knows where the problem is and what it is ("found character '\t' that cannot start any token").
                var mark = m.getProblemMark();
                String problem = m.getProblem() == null ? m.getMessage().split("\n")[0] : m.getProblem();
                String context = m.getContext() == null ? "" : " (" + m.getContext()
                        + (m.getContextMark() == null ? "" : " that starts at " + (m.getContextMark().getLine() + 1) + ":" + (m.getContextMark().getColumn() + 1)) + ")";
                throw new InvalidInputException(ErrorCode.YAML_SYNTAX, new SourceLocation(name, mark.getLine() + 1, mark.getColumn() + 1, ""),
                        "YAML syntax error: " + problem + context, problem.contains("\\t") || problem.contains("\t")
                                ? "indent with spaces: YAML does not allow tabs" : null);
            }
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().split("\n")[0];
            throw new InvalidInputException(ErrorCode.YAML_SYNTAX, at(name, l, ""), "YAML syntax error: " + msg, null);
        } catch (IOException e) {
            throw new InvalidInputException(ErrorCode.UNREADABLE, new SourceLocation(name, 0, 0, ""), e.getMessage(), null);
        }
    }

    private static SourceLocation at(String name, JsonLocation l, String path) {
        return l == null ? new SourceLocation(name, 0, 0, path) : new SourceLocation(name, l.getLineNr(), l.getColumnNr(), path);
    }

    private static Node value(JsonParser p, String name, String path, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException(ErrorCode.TOO_DEEP, at(name, p.currentTokenLocation(), path), "nesting deeper than " + MAX_DEPTH, null);
        }
        SourceLocation here = at(name, p.currentTokenLocation(), path);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                Map<String, SourceLocation> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    SourceLocation keyAt = at(name, p.currentTokenLocation(), childPath);
                    if (fields.containsKey(key)) {
                        throw new InvalidInputException(ErrorCode.DUPLICATE_KEY, keyAt, "the key '" + key + "' appears twice", "keep one of them");
                    }
                    p.nextToken();
                    keys.put(key, keyAt);
                    fields.put(key, value(p, name, childPath, depth + 1));
                }
                return new Node.MapNode(here, fields, keys);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, name, path + "[" + i++ + "]", depth + 1));
                }
                return new Node.ListNode(here, items);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(here, null);
            }
            default -> {
                return new Node.Scalar(here, p.getText());
            }
        }
    }
}
