package io.multilane.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link LineBuffer} writes what {@code String.format} and {@code Base64} would, byte for byte. */
class LineBufferTest {
    private final LineBuffer line = new LineBuffer(16);

    @Test
    void fixedPointMatchesFormat() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            final long scaled = random.nextInt(4) == 0 ? random.nextLong() / 1000 : random.nextLong(-100_000, 10_000_000);
            final int decimals = random.nextInt(4);
            final int width = random.nextInt(12);
            final boolean grouped = random.nextBoolean();
            final String expected = new java.math.BigDecimal(scaled).movePointLeft(decimals).toPlainString();
            final String format = "%" + (width == 0 ? "" : width) + "s";
            final String want = String.format(Locale.ROOT, format, grouped ? group(expected) : expected);
            assertEquals(want, line.clear().fixed(scaled, decimals, width, grouped).toString(),
                    scaled + " /10^" + decimals + " width " + width + " grouped " + grouped);
        }
    }

    @Test
    void durationsReadAsTheSoakShowsThem() {
        assertEquals("   842µs", line.clear().micros(842_123, 6).toString());
        assertEquals("  4.47ms", line.clear().micros(4_468_000, 6).toString());
        assertEquals("    37ms", line.clear().micros(36_900_000, 6).toString());
        assertEquals("1234ms", line.clear().micros(1_234_400_000, 0).toString());
        assertEquals(String.format(Locale.ROOT, "%6.2fms", 9.87654), line.clear().micros(9_876_540, 6).toString());
    }

    @Test
    void base64MatchesTheJdk() {
        final SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 200; n++) {
            final byte[] bytes = new byte[n + 3];
            random.nextBytes(bytes);
            assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 2, 2 + n)),
                    line.clear().base64(bytes, 2, n).toString());
        }
    }

    @Test
    void textIsUtf8AndTheBufferGrows() {
        final StringBuilder longer = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            longer.append("µs ").append(i).append(' ');
        }
        line.clear().append(longer);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        line.writeTo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(longer.toString(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals(longer.toString().getBytes(StandardCharsets.UTF_8).length, line.length());
    }

    /** Commas into the integer part of a plain decimal string. */
    private static String group(final String plain) {
        final boolean negative = plain.startsWith("-");
        final String unsigned = negative ? plain.substring(1) : plain;
        final int point = unsigned.indexOf('.');
        final String integer = point < 0 ? unsigned : unsigned.substring(0, point);
        final String grouped = String.format(Locale.ROOT, "%,d", new java.math.BigInteger(integer));
        return (negative ? "-" : "") + grouped + (point < 0 ? "" : unsigned.substring(point));
    }
}
