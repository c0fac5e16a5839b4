package io.multilane.perf.jmh.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.store.ChronicleRecords;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The store of record alone: get and put of a random account directly on the persisted Chronicle Map through the
 * allocation-free query-context API, at the same sizes as {@link StateStoreBenchmark}. The comparison that
 * justifies the fast tier in front of Chronicle.
 *
 * <p>Threading: JMH's one benchmark thread, with its own cursor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChronicleTierBenchmark {
    private static final int KEYS = 1 << 20;

    @Param({"1000000", "10000000"})
    public int entries;

    private Path dir;
    private ChronicleRecords records;
    private ChronicleRecords.Cursor cursor;
    private final long[] ids = new long[KEYS];
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
    private int next;
    private long counter;

    /** Creates and fills the map file in a temporary directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("multilane-chronicle-bench");
        records = ChronicleRecords.open(dir.resolve(ChronicleRecords.FILE_NAME).toFile(),
            ChronicleRecords.capacityFor(entries), StateConfig.DEFAULT_AVERAGE_VALUE_SIZE, false);
        cursor = records.cursor();
        for (long id = 1; id <= entries; id++) {
            StateKeys.encode(key, 0, KeyType.ACCOUNT, id, 0, 0);
            value.putLong(0, id);
            cursor.put(key, 0, value, 0, AccountDescriptor.LENGTH);
        }
        final SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < KEYS; i++) {
            ids[i] = 1 + rnd.nextInt(entries);
        }
    }

    /** Closes the map and deletes its file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        records.close();
        DirectoryTree.delete(dir);
    }

    private void nextKey() {
        StateKeys.encode(key, 0, KeyType.ACCOUNT, ids[next++ & (KEYS - 1)], 0, 0);
    }

    /** Chronicle get of a random account. */
    @Benchmark
    public int get() {
        nextKey();
        return cursor.get(key, 0, value, 0);
    }

    /** Chronicle put (replace) of a random account. */
    @Benchmark
    public void put() {
        nextKey();
        value.putLong(16, ++counter);
        cursor.put(key, 0, value, 0, AccountDescriptor.LENGTH);
    }
}
