package io.multilane.exec.program.lending;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.EventDescriptor;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test driver for the DeFi programs: a real store in a temporary directory, a genesis block written
 * straight to the store (accounts, tokens, balances), then one-transaction blocks run through the real
 * {@link SerialExecutor} with the standard program registry (pre-verified: no signatures). Reads records
 * back as BigIntegers and snapshots the whole state for comparisons. Test thread only.
 */
public final class DefiHarness implements AutoCloseable {
    /** Fee every transaction pays. */
    public static final long FEE = 7;
    /** The fee collector account. */
    public static final long FEE_COLLECTOR = SerialExecutor.DEFAULT_FEE_COLLECTOR;
    /** 2^128. */
    public static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final StateStore store;
    private final SerialExecutor executor;
    private final ReceiptLog receipts = new ReceiptLog(16);
    private final ExpandableArrayBuffer blockBuffer = new ExpandableArrayBuffer(4096);
    private final BlockEncoder blocks = new BlockEncoder();
    private final InstructionEncoder instructions = new InstructionEncoder();
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final U128 u = new U128();
    private final Map<Long, Long> nonces = new HashMap<>();

    /**
     * Opens a store in {@code dir} and writes the genesis block (height 1).
     *
     * @param dir a fresh directory
     * @param genesis accounts, tokens and balances to start from
     */
    public DefiHarness(final Path dir, final Genesis genesis) {
        store = StateStores.open(StateConfig.of(dir, 1 << 14).withSyncOnSeal(false).withWriteBehindThread(false));
        executor = new SerialExecutor(store, StandardPrograms.newRegistry(), FEE_COLLECTOR, false);
        final GenesisWriter writer = new GenesisWriter().begin(store);
        for (final Map.Entry<Long, Long> a : genesis.accounts.entrySet()) {
            writer.account(a.getKey(), 0, a.getValue());
        }
        for (final Map.Entry<Long, Map<Long, BigInteger>> t : genesis.balances.entrySet()) {
            BigInteger supply = BigInteger.ZERO;
            for (final Map.Entry<Long, BigInteger> b : t.getValue().entrySet()) {
                writer.tokenBalance(t.getKey(), b.getKey(), hi(b.getValue()), lo(b.getValue()));
                supply = supply.add(b.getValue());
            }
            writer.token(t.getKey(), hi(supply), lo(supply), genesis.authority);
        }
        writer.seal(root, 0);
    }

    /** @return the high u64 word of a u128 value */
    public static long hi(final BigInteger v) {
        return toU128(v).hi();
    }

    /** @return the low u64 word of a u128 value */
    public static long lo(final BigInteger v) {
        return toU128(v).lo();
    }

    /** @return the height the next block gets */
    public long nextHeight() {
        return store.sealedHeight() + 1;
    }

    /**
     * Seals {@code n} empty blocks (the clock of interest and rewards).
     *
     * @param n blocks
     */
    public void advance(final int n) {
        for (int i = 0; i < n; i++) {
            runBlock();
        }
    }

    /**
     * Runs one standard-program transaction in its own block, with the sender's next nonce:
     * {@code instruction} calls one method of the {@link InstructionEncoder}.
     *
     * @param sender sender account
     * @param instruction writes the transaction
     * @return its receipt
     */
    public Outcome send(final long sender, final Consumer<InstructionEncoder> instruction) {
        return send(sender, nonces.getOrDefault(sender, 0L), instruction);
    }

    /**
     * Runs one standard-program transaction in its own block with an explicit nonce.
     *
     * @param sender sender account
     * @param nonce nonce to state
     * @param instruction writes the transaction
     * @return its receipt
     */
    public Outcome send(final long sender, final long nonce, final Consumer<InstructionEncoder> instruction) {
        return run(sender, tx -> instruction.accept(instructions.begin(tx, sender, nonce, FEE)));
    }

    private Outcome run(final long sender, final Consumer<TxEncoder> body) {
        store.root(root, 0);
        blocks.wrap(blockBuffer, 0, nextHeight(), nextHeight() * 1000, root, 0);
        body.accept(blocks.beginTx());
        blocks.commitTx();
        seal();
        final int status = receipts.status(0);
        if (status != io.multilane.exec.receipt.TxStatus.REJECTED) {
            nonces.merge(sender, 1L, Long::sum);
        }
        final List<Event> events = new ArrayList<>();
        for (int e = 0; e < receipts.eventCount(0); e++) {
            final int at = receipts.eventOffset(0, e);
            events.add(new Event(receipts.buffer().getShort(at + EventDescriptor.TYPE_OFFSET, LE),
                    receipts.buffer().getLong(at + EventDescriptor.A_OFFSET, LE),
                    receipts.buffer().getLong(at + EventDescriptor.B_OFFSET, LE),
                    receipts.buffer().getLong(at + EventDescriptor.C_OFFSET, LE),
                    big(u.read(receipts.buffer(), at + EventDescriptor.AMOUNT0_OFFSET)),
                    big(u.read(receipts.buffer(), at + EventDescriptor.AMOUNT1_OFFSET))));
        }
        return new Outcome(status, receipts.reason(0), events);
    }

    private void runBlock() {
        store.root(root, 0);
        blocks.wrap(blockBuffer, 0, nextHeight(), nextHeight() * 1000, root, 0);
        seal();
    }

    private void seal() {
        final int status = executor.execute(blockBuffer, 0, blocks.length(), receipts, root, 0);
        if (status != BlockStatus.SEALED) {
            throw new IllegalStateException("block refused: " + status);
        }
    }

    /** Opens a store block for {@link #executeInOpenBlock} (no block framing, no seal per transaction). */
    public void beginOpenBlock() {
        store.beginBlock(nextHeight());
    }

    /**
     * Runs one framed transaction inside the open block at a program height of the caller's choice,
     * the way the benchmarks do; the receipt log is cleared first so it never grows.
     *
     * @param tx buffer holding the transaction
     * @param offset its offset
     * @param length its length
     * @param height the height the programs see
     * @return the status
     */
    public int executeInOpenBlock(final UnsafeBuffer tx, final int offset, final int length, final long height) {
        receipts.clear();
        return executor.executeTx(tx, offset, length, height, height, receipts);
    }

    /** @return the reason of the last {@link #executeInOpenBlock} */
    public int lastReason() {
        return receipts.reason(0);
    }

    /** Seals the block {@link #beginOpenBlock} opened. */
    public void sealOpenBlock() {
        store.seal(nextHeight(), root, 0);
    }

    /**
     * Reads a record.
     *
     * @param type key type
     * @param id1 first id
     * @param id2 second id
     * @return its bytes (zeros of the type's length if absent)
     */
    public UnsafeBuffer record(final KeyType type, final long id1, final long id2) {
        StateKeys.encode(key, 0, type, id1, id2, 0);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[type.recordLength()]);
        store.read(key, 0, out, 0);
        return out;
    }

    /**
     * @param type key type
     * @param id1 first id
     * @param id2 second id
     * @param field field offset
     * @return the u128 field
     */
    public BigInteger u128(final KeyType type, final long id1, final long id2, final int field) {
        return big(u.read(record(type, id1, id2), field));
    }

    /**
     * @param type key type
     * @param id1 first id
     * @param id2 second id
     * @param field field offset
     * @return the u64 field
     */
    public long u64(final KeyType type, final long id1, final long id2, final int field) {
        return record(type, id1, id2).getLong(field, LE);
    }

    /**
     * @param token token
     * @param owner owner account
     * @return the balance
     */
    public BigInteger balance(final long token, final long owner) {
        return u128(KeyType.TOKEN_BALANCE, token, owner, 0);
    }

    /** @return every record, by key (hex), in key order */
    public Map<String, byte[]> snapshot() {
        final Map<String, byte[]> out = new TreeMap<>();
        store.scan((k, ko, v, vo, len) -> {
            final byte[] kb = new byte[StateKeys.LENGTH];
            k.getBytes(ko, kb);
            final byte[] vb = new byte[len];
            v.getBytes(vo, vb);
            out.put(hex(kb), vb);
        });
        return out;
    }

    /**
     * Sums every token's balances and compares with its total supply.
     *
     * @return token ids whose balances do not add up to the supply (empty when conserved)
     */
    public List<String> supplyMismatches() {
        final Map<Long, BigInteger> sums = new TreeMap<>();
        final Map<Long, BigInteger> supplies = new TreeMap<>();
        store.scan((k, ko, v, vo, len) -> {
            final KeyType type = StateKeys.type(k, ko);
            if (type == KeyType.TOKEN_BALANCE) {
                sums.merge(StateKeys.id1(k, ko), big(new U128().read(v, vo)), BigInteger::add);
            } else if (type == KeyType.TOKEN) {
                supplies.put(StateKeys.id1(k, ko), big(new U128().read(v, vo + TokenDescriptor.TOTAL_SUPPLY_OFFSET)));
            }
        });
        final List<String> bad = new ArrayList<>();
        for (final Map.Entry<Long, BigInteger> s : supplies.entrySet()) {
            final BigInteger sum = sums.getOrDefault(s.getKey(), BigInteger.ZERO);
            if (!sum.equals(s.getValue())) {
                bad.add("token " + s.getKey() + ": balances " + sum + " supply " + s.getValue());
            }
        }
        return bad;
    }

    /**
     * @param key a key's bytes
     * @return lower-case hex
     */
    public static String hex(final byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    /**
     * @param type key type
     * @param id1 first id
     * @param id2 second id
     * @return the key as {@link #snapshot()} names it
     */
    public static String keyHex(final KeyType type, final long id1, final long id2) {
        final UnsafeBuffer k = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        StateKeys.encode(k, 0, type, id1, id2, 0);
        return hex(Arrays.copyOf(k.byteArray(), StateKeys.LENGTH));
    }

    /**
     * @param v a holder
     * @return its value
     */
    public static BigInteger big(final U128 v) {
        return new BigInteger(1, new byte[] {
            (byte) (v.hi() >>> 56), (byte) (v.hi() >>> 48), (byte) (v.hi() >>> 40), (byte) (v.hi() >>> 32),
            (byte) (v.hi() >>> 24), (byte) (v.hi() >>> 16), (byte) (v.hi() >>> 8), (byte) v.hi(),
            (byte) (v.lo() >>> 56), (byte) (v.lo() >>> 48), (byte) (v.lo() >>> 40), (byte) (v.lo() >>> 32),
            (byte) (v.lo() >>> 24), (byte) (v.lo() >>> 16), (byte) (v.lo() >>> 8), (byte) v.lo()});
    }

    /**
     * @param v a value in [0, 2^128)
     * @return a holder with it
     */
    public static U128 toU128(final BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 128) {
            throw new IllegalArgumentException("not a u128: " + v);
        }
        return new U128(v.shiftRight(64).longValue(), v.longValue());
    }

    @Override
    public void close() {
        store.close();
    }

    /** A transaction's receipt: status, reason, events. */
    public record Outcome(int status, int reason, List<Event> events) {
        /**
         * @param type event type
         * @return the first event of that type, or null
         */
        public Event event(final int type) {
            for (final Event e : events) {
                if (e.type() == type) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "status " + status + " reason " + LendingReasons.name(reason) + "/" + reason;
        }
    }

    /** One receipt event. */
    public record Event(int type, long a, long b, long c, BigInteger amount0, BigInteger amount1) {
    }

    /** Starting state: coin accounts and token balances (token supply = sum of its balances). */
    public static final class Genesis {
        private final Map<Long, Long> accounts = new TreeMap<>();
        private final Map<Long, Map<Long, BigInteger>> balances = new TreeMap<>();
        private long authority = 999;

        /**
         * @param id account
         * @param coins coin balance
         * @return this
         */
        public Genesis account(final long id, final long coins) {
            accounts.put(id, coins);
            return this;
        }

        /**
         * @param token token id
         * @param owner owner
         * @param amount balance
         * @return this
         */
        public Genesis balance(final long token, final long owner, final BigInteger amount) {
            balances.computeIfAbsent(token, t -> new TreeMap<>()).put(owner, amount);
            return this;
        }
    }
}
