package io.multilane.perf.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small ordered JSON object writer for reports ({@code summary.json}, {@code bench --json}):
 * strings, integral and floating-point numbers, booleans, nested objects and lists of objects, in insertion
 * order. Not for the hot path; not thread-safe (one thread builds one object).
 */
public final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /**
     * Adds or replaces a field.
     *
     * @param name  the field's name
     * @param value a {@link String}, {@link Number}, {@link Boolean}, nested {@link Json}, a {@link List} of
     *              {@link Json} objects, or null
     * @return this object
     */
    public Json put(final String name, final Object value) {
        if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (!(element instanceof Json)) {
                    throw new IllegalArgumentException("a JSON list holds objects only: " + name);
                }
            }
        } else if (value != null && !(value instanceof String || value instanceof Number
                || value instanceof Boolean || value instanceof Json)) {
            throw new IllegalArgumentException("unsupported JSON value for " + name + ": " + value.getClass());
        }
        fields.put(name, value);
        return this;
    }

    /**
     * Reads a field back.
     *
     * @param name the field's name
     * @return its value, or null when absent
     */
    public Object get(final String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        append(sb, 0);
        return sb.append('\n').toString();
    }

    private void append(final StringBuilder sb, final int depth) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            sb.append(first ? "\n" : ",\n");
            first = false;
            indent(sb, depth + 1);
            quote(sb, e.getKey());
            sb.append(": ");
            final Object v = e.getValue();
            if (v instanceof Json) {
                ((Json) v).append(sb, depth + 1);
            } else if (v instanceof List) {
                sb.append('[');
                final List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "\n" : ",\n");
                    indent(sb, depth + 2);
                    ((Json) list.get(i)).append(sb, depth + 2);
                }
                if (!list.isEmpty()) {
                    sb.append('\n');
                    indent(sb, depth + 1);
                }
                sb.append(']');
            } else if (v instanceof String) {
                quote(sb, (String) v);
            } else if (v instanceof Double || v instanceof Float) {
                final double d = ((Number) v).doubleValue();
                sb.append(Double.isFinite(d) ? number(d) : "null");
            } else {
                sb.append(v);
            }
        }
        if (!first) {
            sb.append('\n');
            indent(sb, depth);
        }
        sb.append('}');
    }

    /**
     * Six significant digits, without the zeros {@code %g} pads a fraction with ({@code 1.50000} is {@code 1.5},
     * {@code 570380.} is {@code 570380}, {@code 1.19910e+06} is {@code 1.1991e+06}); zeros before the point stay.
     */
    static String number(final double d) {
        final String s = String.format(Locale.ROOT, "%.6g", d);
        final int e = s.indexOf('e');
        final String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') < 0) {
            return s;
        }
        int end = mantissa.length();
        while (mantissa.charAt(end - 1) == '0') {
            end--;
        }
        if (mantissa.charAt(end - 1) == '.') {
            end--;
        }
        return mantissa.substring(0, end) + (e < 0 ? "" : s.substring(e));
    }

    private static void indent(final StringBuilder sb, final int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static void quote(final StringBuilder sb, final String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
