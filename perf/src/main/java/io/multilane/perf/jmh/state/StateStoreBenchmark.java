package io.multilane.perf.jmh.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.AccountFlyweight;
import io.multilane.state.root.LtHash;
import io.multilane.state.store.TieredStateStore;
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
 * The committed-state operations of the commit stage and the lanes on the production store
 * ({@link TieredStateStore}: fast tier, journal, write-behind to Chronicle) holding {@code entries} accounts:
 * a read of a random key, a write of a random key including the LtHash root update (blocks sealed every
 * {@value #BLOCK} writes, seal included), a read-modify-write credit, the root update alone, and the seal of a
 * block of {@value #SEAL_BLOCK} writes. In average-time mode, write and read-modify-write also carry the
 * back-pressure of write-behind (Chronicle puts of every distinct key of every sealed block); in sample mode
 * their median is the cost of one call on the commit thread.
 *
 * <p>Threading: JMH's one benchmark thread is the store's writer (and reader); the write-behind thread applies
 * sealed blocks to Chronicle on the other core, as in production. Populating 10M entries takes about a minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateStoreBenchmark {
    static final int BLOCK = 4096;
    static final int SEAL_BLOCK = 1000;
    private static final int KEYS = 1 << 20;

    @Param({"1000000", "10000000"})
    public int entries;

    /** Journal forced to the device at every seal (the store's default) or only written to the OS. */
    @Param({"false"})
    public boolean syncOnSeal;

    /** Write-behind to Chronicle on its own thread (true) or inline in {@code seal} (false). */
    @Param({"true"})
    public boolean writeBehindThread;

    private Path dir;
    private TieredStateStore store;
    private final long[] ids = new long[KEYS];
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[AccountDescriptor.LENGTH]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final AccountFlyweight account = new AccountFlyweight();
    private final U128 amount = new U128(0, 3);
    private final U128 balance = new U128();
    private final LtHash lt = new LtHash();
    private int next;
    private int inBlock;
    private long counter;

    /** Creates the store in a temporary directory and fills it with {@code entries} accounts. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("multilane-state-bench");
        store = TieredStateStore.open(StateConfig.of(dir, entries + entries / 8L).withSyncOnSeal(syncOnSeal)
            .withWriteBehindThread(writeBehindThread));
        account.wrap(value, 0);
        long height = 0;
        for (long id = 1; id <= entries; id++) {
            if ((id - 1) % 100_000 == 0) {
                if (height > 0) {
                    store.seal(height, root, 0);
                }
                store.beginBlock(++height);
            }
            StateKeys.encode(key, 0, KeyType.ACCOUNT, id, 0, 0);
            account.setBalance(balance.setUnsigned(id)).setNonce(0).setFlags(0);
            store.write(key, 0, value, 0, AccountDescriptor.LENGTH);
        }
        store.seal(height, root, 0);
        store.flush();
        final SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < KEYS; i++) {
            ids[i] = 1 + rnd.nextInt(entries);
        }
        store.beginBlock(store.sealedHeight() + 1);
    }

    /** Closes the store and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        DirectoryTree.delete(dir);
    }

    private void nextKey() {
        StateKeys.encode(key, 0, KeyType.ACCOUNT, ids[next++ & (KEYS - 1)], 0, 0);
    }

    private void sealIfFull() {
        if (++inBlock == BLOCK) {
            final long h = store.sealedHeight() + 1;
            store.seal(h, root, 0);
            store.beginBlock(h + 1);
            inBlock = 0;
        }
    }

    /** A committed read of a random account (what a lane does). */
    @Benchmark
    public int read() {
        nextKey();
        return store.read(key, 0, value, 0);
    }

    /** A write of a random account with a new value, including the root update; a seal every 4096 writes. */
    @Benchmark
    public void write() {
        nextKey();
        account.setNonce(++counter);
        store.write(key, 0, value, 0, AccountDescriptor.LENGTH);
        sealIfFull();
    }

    /** Read, u128 credit, write back: the commit stage applying a credit. A seal every 4096 writes. */
    @Benchmark
    public void readModifyWrite() {
        nextKey();
        store.read(key, 0, value, 0);
        account.balance(balance).add(amount);
        account.setBalance(balance);
        store.write(key, 0, value, 0, AccountDescriptor.LENGTH);
        sealIfFull();
    }

    /** The LtHash part of a write alone: subtract the old record, add the new one. */
    @Benchmark
    public long rootUpdate() {
        nextKey();
        lt.subtract(key, 0, value, 0, AccountDescriptor.LENGTH);
        account.setNonce(++counter);
        lt.add(key, 0, value, 0, AccountDescriptor.LENGTH);
        return lt.lane(0);
    }

    /** Seal cost per block of {@value #SEAL_BLOCK} writes; the writes happen in the set-up, not measured. */
    @State(Scope.Benchmark)
    public static class SealState {

        /**
         * Writes {@value #SEAL_BLOCK} random accounts into the open block before each seal, then waits for
         * write-behind to finish the previous blocks, so that the seal is measured alone.
         */
        @Setup(Level.Invocation)
        public void fill(final StateStoreBenchmark b) {
            for (int i = 0; i < SEAL_BLOCK; i++) {
                b.nextKey();
                b.account.setNonce(++b.counter);
                b.store.write(b.key, 0, b.value, 0, AccountDescriptor.LENGTH);
            }
            b.store.flush();
        }
    }

    /**
     * Seals a block of 1000 written keys: collecting final values, journal append (forced when syncOnSeal), hand-off to
     * write-behind (inline: including the 1000 Chronicle puts).
     */
    @Benchmark
    public void seal(final SealState s) {
        final long h = store.sealedHeight() + 1;
        store.seal(h, root, 0);
        store.beginBlock(h + 1);
        inBlock = 0;
    }
}
