package io.multilane.exec.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled workload is read from its gzipped resources, and a directory loads the same whether its
 * files are plain, gzipped or mixed.
 */
class WorkloadSourceTest {
    private static final String GENESIS = String.join("\n",
            "kind,address,token,amount,token0,token1,reserve0,reserve1",
            "coin," + addr(1) + ",,1000,,,,",
            "token," + addr(1) + "," + addr(10) + ",500,,,,",
            "token," + addr(12) + "," + addr(10) + ",100000,,,,",
            "token," + addr(12) + "," + addr(11) + ",100000,,,,",
            "pair," + addr(12) + ",,," + addr(10) + "," + addr(11) + ",100000,100000", "");
    private static final String OPS = String.join("\n",
            "block,tx,kind,sender,to,token,amount,path,amount_out_min",
            "1,0,coin_transfer," + addr(1) + "," + addr(2) + ",,10,,",
            "1,1,token_transfer," + addr(1) + "," + addr(2) + "," + addr(10) + ",5,,",
            "2,0,swap," + addr(1) + ",," + addr(10) + ",100," + addr(12) + ",1", "");

    @TempDir
    Path dir;

    private static String addr(final int n) {
        return String.format("0x%040x", n);
    }

    @Test
    void bundledMainnetPevmIsReadFromItsGzippedResources() {
        final WorkloadSource source = BundledWorkloads.source(BundledWorkloads.MAINNET_PEVM);
        for (String file : List.of(WorkloadLoader.GENESIS, WorkloadLoader.OPS, WorkloadLoader.EXPECTED_FINAL)) {
            assertEquals(file + ".gz", source.storedName(file));
            assertTrue(source.location(source.storedName(file)).startsWith("classpath:io/multilane/exec/replay/workloads/"));
        }
        assertTrue(WorkloadLoader.isWorkload(source));
        final Trace w = BundledWorkloads.load(BundledWorkloads.MAINNET_PEVM);
        assertEquals(19042, w.opCount());
        assertEquals(81, w.blocks().size());
        assertEquals(15005, w.coins().size());
        assertEquals(5194, w.tokenBalances().size());
        assertEquals(183, w.pairs().size());
        final Map<WorkloadOp.Kind, Integer> kinds = new EnumMap<>(WorkloadOp.Kind.class);
        w.blocks().forEach(b -> b.forEach(op -> kinds.merge(op.kind(), 1, Integer::sum)));
        assertEquals(Map.of(WorkloadOp.Kind.COIN_TRANSFER, 14932, WorkloadOp.Kind.TOKEN_TRANSFER, 3897,
                WorkloadOp.Kind.SWAP, 213), kinds);
        final String expected = new String(BundledWorkloads.expectedFinal(BundledWorkloads.MAINNET_PEVM), StandardCharsets.UTF_8);
        assertTrue(expected.startsWith(StateDump.HEADER + "\n"));
        assertEquals(1 + 21140, expected.lines().count());
    }

    @Test
    void anUnknownBundledNameListsTheBundledOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundledWorkloads.load("mainnet"));
        assertTrue(e.getMessage().contains("no bundled workload 'mainnet' (bundled: mainnet-pevm)"), e.getMessage());
        assertFalse(BundledWorkloads.contains("mainnet"));
    }

    @Test
    void plainGzippedAndMixedDirectoriesLoadIdentically() throws IOException {
        final Path plain = dir.resolve("plain");
        write(plain, WorkloadLoader.GENESIS, GENESIS, false);
        write(plain, WorkloadLoader.OPS, OPS, false);
        final Path gzipped = dir.resolve("gzipped");
        write(gzipped, WorkloadLoader.GENESIS, GENESIS, true);
        write(gzipped, WorkloadLoader.OPS, OPS, true);
        final Path mixed = dir.resolve("mixed");
        write(mixed, WorkloadLoader.GENESIS, GENESIS, true);
        write(mixed, WorkloadLoader.OPS, OPS, false);
        assertTrue(Files.exists(gzipped.resolve("ops.csv.gz")) && !Files.exists(gzipped.resolve("ops.csv")));

        final String expected = describe(WorkloadLoader.load(plain));
        assertEquals(3, WorkloadLoader.load(plain).opCount());
        assertEquals(expected, describe(WorkloadLoader.load(gzipped)));
        assertEquals(expected, describe(WorkloadLoader.load(mixed)));
        for (Path d : List.of(plain, gzipped, mixed)) {
            assertTrue(WorkloadLoader.isWorkload(WorkloadSource.directory(d)), d.toString());
        }
        assertFalse(WorkloadLoader.isWorkload(WorkloadSource.directory(dir)));
    }

    @Test
    void aMalformedGzippedRowNamesTheGzippedFileAndLine() throws IOException {
        final Path d = dir.resolve("bad");
        write(d, WorkloadLoader.GENESIS, GENESIS, true);
        write(d, WorkloadLoader.OPS, OPS.replace(",10,,", ",ten,,"), true);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkloadLoader.load(d));
        assertTrue(e.getMessage().startsWith(d.resolve("ops.csv.gz") + ":2: "), e.getMessage());
    }

    private static void write(final Path d, final String file, final String text, final boolean gzip) throws IOException {
        Files.createDirectories(d);
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!gzip) {
            Files.write(d.resolve(file), bytes);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(d.resolve(file + WorkloadSource.GZIP_SUFFIX)))) {
            out.write(bytes);
        }
    }

    /** Everything a workload holds, as text (ops hold arrays, so records alone do not compare). */
    private static String describe(final Trace w) {
        final StringBuilder s = new StringBuilder();
        for (long id = AddressBook.FIRST_ID; id < w.addresses().idLimit(); id++) {
            s.append(id).append('=').append(w.addresses().address(id)).append('\n');
        }
        s.append(w.coins()).append('\n').append(w.tokenBalances()).append('\n').append(w.pairs()).append('\n');
        for (List<WorkloadOp> block : w.blocks()) {
            for (WorkloadOp op : block) {
                s.append(op.block()).append(' ').append(op.kind()).append(' ').append(op.sender()).append(' ').append(op.to())
                        .append(' ').append(op.token()).append(' ').append(op.amount()).append(' ')
                        .append(Arrays.toString(op.path())).append(' ').append(op.minOut()).append('\n');
            }
            s.append("--\n");
        }
        return s.toString();
    }
}
