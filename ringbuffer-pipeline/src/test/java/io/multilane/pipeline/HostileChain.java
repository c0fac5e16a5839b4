package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.exec.sig.TxSigner;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateConfig;
import io.multilane.state.StateReader;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import io.multilane.state.record.TokenDescriptor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A chain under attack, driven through the public API only: a genesis written into a fresh store, then blocks of
 * Ed25519-signed transactions run by one {@link Runner} (the verifying serial executor, or an engine with 2 or 4
 * lanes verifying in its lanes). Attack tests build the same hostile blocks on every runner, assert what the
 * attacker and the victims hold on each, and that every runner ends in the same state. Test thread only.
 */
final class HostileChain implements AutoCloseable {
    /** Who executes the blocks. */
    enum Runner {
        SERIAL(0), ENGINE_2_LANES(2), ENGINE_4_LANES(4);

        final int lanes;

        Runner(final int lanes) {
            this.lanes = lanes;
        }
    }

    static final long FEE_COLLECTOR = SerialExecutor.DEFAULT_FEE_COLLECTOR;
    static final long FEE = 3;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Runner runner;
    private final Path dir;
    private StateStore store;
    private final Supplier<ProgramRegistry> programs;
    private SerialExecutor serial;
    private Engine engine;
    private StateReader state;
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 16);
    private final UnsafeBuffer tx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);
    private final TxEncoder encoder = new TxEncoder();
    private final InstructionEncoder instructions = new InstructionEncoder();
    private final GenesisWriter genesisWriter = new GenesisWriter();
    private final TxSigner signer = new TxSigner();
    private final ReceiptLog serialReceipts = new ReceiptLog(256);
    private final Map<Long, Long> nonces = new HashMap<>();
    private final Map<Ed25519Keys, Long> ids = new HashMap<>();
    private long chainId = SignedPayload.DEFAULT_CHAIN_ID;
    private final List<byte[]> pending = new ArrayList<>();
    private long height;
    private byte[] lastBlock;

    HostileChain(final Path dir, final Runner runner) {
        this(dir, runner, 1 << 16, StandardPrograms::newRegistry);
    }

    HostileChain(final Path dir, final Runner runner, final long entries, final Supplier<ProgramRegistry> programs) {
        this.runner = runner;
        this.dir = dir;
        this.programs = programs;
        this.store = open(dir, entries);
        this.height = store.sealedHeight();
        this.state = store;
        store.root(root, 0);
    }

    private static StateStore open(final Path dir, final long entries) {
        return StateStores.open(StateConfig.of(dir, entries).withSyncOnSeal(false).withWriteBehindThread(false));
    }

    /** Stops the runner, closes the store and opens it again with {@code entries} (a restart with more capacity). */
    HostileChain restart(final long entries) {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        serial = null;
        store.close();
        store = open(dir, entries);
        state = store;
        assertEquals(height, store.sealedHeight(), runner + ": the restarted store is at the last sealed block");
        return this;
    }

    /** Starts the runner on the store (at the first block: genesis is written before it). */
    private void start() {
        if (runner == Runner.SERIAL) {
            serial = new SerialExecutor(store, programs.get(), FEE_COLLECTOR, true);
        } else {
            engine = Engine.open(EngineConfig.forOpenStore().withLanes(runner.lanes).withWaitKind(WaitKind.BACKOFF)
                    .withVerifySignatures(true).withFeeCollector(FEE_COLLECTOR).withPrograms(programs), store);
            state = engine.state();
        }
    }

    /**
     * Runs {@code attack} after {@code genesis} on every runner (fresh stores under {@code dir}), checks conservation
     * ({@link #finish}) and that every runner ends in the serial executor's state.
     */
    static void onEveryRunner(final Path dir, final Consumer<HostileChain> genesis, final Consumer<HostileChain> attack,
            final BigInteger coins) {
        Map<String, String> expected = null;
        for (Runner r : Runner.values()) {
            try (HostileChain c = new HostileChain(dir.resolve(r.name()), r)) {
                c.genesis(genesis);
                attack.accept(c);
                final Map<String, String> state = c.finish(coins);
                if (expected == null) {
                    expected = state;
                } else {
                    assertEquals(expected, state, r + " ends in the serial executor's state");
                }
            }
        }
    }

    /** Tells the chain which account a key signs for (one the chain created, e.g. by transfer_to_key). */
    HostileChain bind(final Ed25519Keys keys, final long id) {
        ids.put(keys, id);
        return this;
    }

    /** @return the account id bound to a key */
    long id(final Ed25519Keys keys) {
        final Long id = ids.get(keys);
        if (id == null) {
            throw new IllegalArgumentException("no account is bound to this key in the test's genesis");
        }
        return id;
    }

    Runner runner() {
        return runner;
    }

    // ---- genesis: written straight into the store, before any block ----

    /** Writes genesis records in one sealed block: call before the first {@link #block}. */
    HostileChain genesis(final Consumer<HostileChain> writes) {
        if (serial != null || engine != null) {
            throw new IllegalStateException("genesis comes before the first block");
        }
        genesisWriter.begin(store);
        writes.accept(this);
        height = genesisWriter.seal(root, 0);
        return this;
    }

    /** Genesis: an account with a coin balance. */
    HostileChain account(final long id, final long coins) {
        genesisWriter.account(id, 0, coins);
        return this;
    }

    /** Genesis: an account with a coin balance, bound to {@code keys}. */
    HostileChain account(final long id, final long coins, final Ed25519Keys keys) {
        genesisWriter.account(id, 0, coins, keys.publicKey());
        ids.put(keys, id);
        return this;
    }

    /** Genesis: a token (authority 0) whose supply is the balances given as holder, amount pairs. */
    HostileChain token(final long token, final long... holderAndAmount) {
        long supply = 0;
        for (int i = 0; i < holderAndAmount.length; i += 2) {
            genesisWriter.tokenBalance(token, holderAndAmount[i], 0, holderAndAmount[i + 1]);
            supply = Math.addExact(supply, holderAndAmount[i + 1]);
        }
        genesisWriter.token(token, 0, supply, 0);
        return this;
    }

    // ---- transactions and blocks ----

    /** Adds a transaction signed by {@code keys} from its own account, with that account's next nonce. */
    HostileChain tx(final Ed25519Keys keys, final Function<InstructionEncoder, TxEncoder> instruction) {
        return txAs(keys, id(keys), instruction);
    }

    /** Adds a transaction signed by {@code keys} naming {@code sender}, with the sender's next nonce. */
    HostileChain txAs(final Ed25519Keys keys, final long sender, final Function<InstructionEncoder, TxEncoder> instruction) {
        return sign(keys, instruction.apply(instructions.begin(tx, 0, sender, nextNonce(sender), FEE)));
    }

    /** Adds a transaction signed by {@code keys} naming {@code sender} with an explicit nonce (a stale or future one). */
    HostileChain txWithNonce(final Ed25519Keys keys, final long sender, final long nonce,
            final Function<InstructionEncoder, TxEncoder> instruction) {
        return sign(keys, instruction.apply(instructions.begin(tx, 0, sender, nonce, FEE)));
    }

    /** Adds a transaction of {@link ProbeProgram} (not a standard program: encoded here) from {@code keys}' account. */
    HostileChain probe(final Ed25519Keys keys, final int instruction, final long account) {
        final long sender = id(keys);
        return sign(keys, encoder.wrap(tx, 0).header(sender, nextNonce(sender), FEE, ProbeProgram.ID, instruction,
                ProbeProgram.ARGS).argU64(0, account));
    }

    private long nextNonce(final long sender) {
        final long nonce = nonces.computeIfAbsent(sender, this::nonce);
        nonces.put(sender, nonce + 1);
        return nonce;
    }

    /** Signs the following transactions for chain {@code id} (the runner's chain stays the default one). */
    HostileChain signFor(final long id) {
        chainId = id;
        return this;
    }

    private HostileChain sign(final Ed25519Keys keys, final TxEncoder encoded) {
        signer.sign(keys, tx, 0, chainId);
        final byte[] bytes = new byte[encoded.length()];
        tx.getBytes(0, bytes);
        pending.add(bytes);
        return this;
    }

    /** Adds raw transaction bytes (a copy of an earlier one, say). */
    HostileChain raw(final byte[] bytes) {
        pending.add(bytes.clone());
        return this;
    }

    /** @return the bytes of the last transaction added */
    byte[] lastTx() {
        return pending.get(pending.size() - 1).clone();
    }

    /** Runs the pending transactions as the next block; returns its outcomes. */
    Receipts block() {
        lastBlock = buildBlock();
        return run(lastBlock);
    }

    /** @return the pending transactions encoded as the next block (not run; the pending list is emptied) */
    byte[] buildBlock() {
        final BlockEncoder e = new BlockEncoder().wrap(block, 0, height + 1, 1_700_000_000L + height, root, 0);
        for (byte[] t : pending) {
            e.appendTx(new UnsafeBuffer(t), 0, t.length);
        }
        pending.clear();
        nonces.clear();
        final byte[] bytes = new byte[e.length()];
        block.getBytes(0, bytes);
        return bytes;
    }

    /** Runs the last block built again (after it failed on a local limit and the chain restarted). */
    Receipts resubmitLast() {
        return run(lastBlock);
    }

    /**
     * Runs the pending transactions as the next block, expecting it to fail: returns what the serial executor threw,
     * or the cause of the engine's failed future.
     */
    Throwable failingBlock() {
        try {
            block();
        } catch (AssertionError e) {
            final Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.ExecutionException || cause instanceof EngineException) {
                nonces.clear();
                return cause instanceof EngineException ? cause : cause.getCause();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            nonces.clear();
            return e;
        }
        throw new AssertionError(runner + ": block " + height + " sealed, but it should have failed");
    }

    /** @return the engine (null for the serial runner, or before the first block) */
    Engine engine() {
        return engine;
    }

    private Receipts run(final byte[] bytes) {
        if (serial == null && engine == null) {
            start();
        }
        block.putBytes(0, bytes);
        final Receipts receipts;
        if (serial != null) {
            assertEquals(BlockStatus.SEALED, serial.execute(block, 0, bytes.length, serialReceipts, root, 0));
            receipts = new Receipts(serialReceipts);
        } else {
            final BlockResult r;
            try {
                r = engine.submit(block, 0, bytes.length).get(60, TimeUnit.SECONDS);
            } catch (Exception ex) {
                throw new AssertionError(runner + ": block " + (height + 1) + " failed", ex);
            }
            assertEquals(BlockStatus.SEALED, r.status(), runner + ": block " + (height + 1));
            root.putBytes(0, r.root(), 0, BlockDescriptor.ROOT_LENGTH);
            receipts = new Receipts(r.receipts());
        }
        height++;
        nonces.clear();
        return receipts;
    }

    /** Status, reason and fee of each receipt of a block. */
    static final class Receipts {
        final int[] status;
        final int[] reason;
        final long[] fee;

        Receipts(final ReceiptLog log) {
            status = new int[log.count()];
            reason = new int[log.count()];
            fee = new long[log.count()];
            for (int i = 0; i < log.count(); i++) {
                status[i] = log.status(i);
                reason[i] = log.reason(i);
                fee[i] = log.fee(i);
            }
        }

        private Receipts(final int[] status, final int[] reason, final long[] fee) {
            this.status = status;
            this.reason = reason;
            this.fee = fee;
        }

        /** @return the first {@code n} receipts */
        Receipts copyOf(final int n) {
            return new Receipts(java.util.Arrays.copyOf(status, n), java.util.Arrays.copyOf(reason, n),
                    java.util.Arrays.copyOf(fee, n));
        }

        /** Asserts receipt {@code i}'s status and reason. */
        void assertOutcome(final int i, final int expectedStatus, final int expectedReason, final String what) {
            assertEquals(expectedStatus + "/" + expectedReason, status[i] + "/" + reason[i], what + " (receipt " + i + ")");
        }
    }

    // ---- state ----

    BigInteger coin(final long account) {
        return u128(KeyType.ACCOUNT, account, 0, AccountDescriptor.BALANCE_OFFSET);
    }

    long nonce(final long account) {
        StateKeys.encode(key, 0, KeyType.ACCOUNT, account, 0, 0);
        return state.read(key, 0, value, 0) < 0 ? 0 : value.getLong(AccountDescriptor.NONCE_OFFSET, LE);
    }

    BigInteger tokens(final long token, final long owner) {
        return u128(KeyType.TOKEN_BALANCE, token, owner, TokenBalanceDescriptor.BALANCE_OFFSET);
    }

    BigInteger supply(final long token) {
        return u128(KeyType.TOKEN, token, 0, TokenDescriptor.TOTAL_SUPPLY_OFFSET);
    }

    BigInteger u128(final KeyType type, final long id1, final long id2, final int field) {
        StateKeys.encode(key, 0, type, id1, id2, 0);
        if (state.read(key, 0, value, 0) < 0) {
            return BigInteger.ZERO;
        }
        return toBig(new U128().read(value, field));
    }

    static BigInteger toBig(final U128 v) {
        return new BigInteger(Long.toUnsignedString(v.hi())).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v.lo())));
    }

    /**
     * Stops the engine (if any) and returns every record, for comparing runners; also checks conservation: every
     * token's supply equals the sum of its balances, and the coins sum to {@code coins}.
     */
    Map<String, String> finish(final BigInteger coins) {
        if (engine != null) {
            engine.close();
        }
        final Map<String, String> all = new TreeMap<>();
        final Map<Long, BigInteger> balances = new TreeMap<>();
        final Map<Long, BigInteger> supplies = new TreeMap<>();
        final BigInteger[] coinSum = {BigInteger.ZERO};
        final U128 amount = new U128();
        store.scan((k, ko, v, vo, len) -> {
            final StringBuilder sk = StateKeys.appendTo(new StringBuilder(), k, ko);
            final StringBuilder sv = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sv.append(String.format("%02x", v.getByte(vo + i)));
            }
            all.put(sk.toString(), sv.toString());
            final KeyType type = StateKeys.type(k, ko);
            if (type == KeyType.ACCOUNT) {
                coinSum[0] = coinSum[0].add(toBig(amount.read(v, vo + AccountDescriptor.BALANCE_OFFSET)));
            } else if (type == KeyType.TOKEN_BALANCE) {
                balances.merge(StateKeys.id1(k, ko), toBig(amount.read(v, vo)), BigInteger::add);
            } else if (type == KeyType.TOKEN) {
                supplies.put(StateKeys.id1(k, ko), toBig(amount.read(v, vo + TokenDescriptor.TOTAL_SUPPLY_OFFSET)));
            }
        });
        assertEquals(coins, coinSum[0], runner + ": coins are conserved");
        for (Map.Entry<Long, BigInteger> s : supplies.entrySet()) {
            assertEquals(s.getValue(), balances.getOrDefault(s.getKey(), BigInteger.ZERO),
                    runner + ": token " + s.getKey() + "'s supply equals the sum of its balances");
        }
        return all;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        store.close();
    }
}
