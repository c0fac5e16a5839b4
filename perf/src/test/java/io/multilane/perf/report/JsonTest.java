package io.multilane.perf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesFieldsInOrderWithEscapesAndNesting() {
        final Json json = new Json()
                .put("name", "a\"b\\c\n")
                .put("tps", 100_000L)
                .put("ratio", 1.5)
                .put("ok", true)
                .put("nan", Double.NaN)
                .put("nested", new Json().put("p99", 12.25));
        assertEquals("{\n  \"name\": \"a\\\"b\\\\c\\u000a\",\n  \"tps\": 100000,\n  \"ratio\": 1.5,\n  \"ok\": true,\n"
                + "  \"nan\": null,\n  \"nested\": {\n    \"p99\": 12.25\n  }\n}\n", json.toString());
    }

    @Test
    void doublesLoseOnlyTheZerosOfTheirFraction() {
        assertEquals("570380", Json.number(570_380.0));
        assertEquals("100", Json.number(100.0));
        assertEquals("1.5", Json.number(1.5));
        assertEquals("0.25", Json.number(0.25));
        assertEquals("1.1991e+06", Json.number(1_199_100.0));
        assertEquals("1e+06", Json.number(1_000_000.0));
    }

    @Test
    void rejectsValuesItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> new Json().put("x", new Object()));
    }
}
