package io.multilane.perf.cli;

import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a duration given as seconds ({@code 60}, {@code 60s}), minutes ({@code 10m}) or hours
 * ({@code 1h}) into whole seconds. Stateless; any thread.
 */
final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(final String value) {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = v;
        if (v.endsWith("s")) {
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3600;
            digits = v.substring(0, v.length() - 1);
        }
        try {
            final long n = Long.parseLong(digits);
            if (n < 0) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 60, 60s, 10m, 1h)");
        }
    }
}
