package io.multilane.exec.testing;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test fixture: a store, the serial executor (pre-verified, fee collector 1), a block being built,
 * nonce tracking, genesis writes and state readers. Test thread only.
 */
public final class TestChain implements AutoCloseable {
    public static final long FEE_COLLECTOR = SerialExecutor.DEFAULT_FEE_COLLECTOR;

    private final StateStore store;
    private final SerialExecutor executor;
    private final ReceiptLog receipts = new ReceiptLog(64);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 16);
    private final BlockEncoder encoder = new BlockEncoder();
    private final InstructionEncoder instructions = new InstructionEncoder();
    private final GenesisWriter genesis = new GenesisWriter();
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[KeyType.MAX_RECORD_LENGTH]);
    private final Map<Long, Long> nonces = new HashMap<>();
    private boolean open;
    private long helperFee;

    /**
     * @param dir fresh directory for the store
     */
    public TestChain(final Path dir) {
        this(dir, 1 << 16);
    }

    /**
     * @param dir fresh directory for the store
     * @param entries store capacity in records
     */
    public TestChain(final Path dir, final long entries) {
        this(dir, entries, StandardPrograms.newRegistry());
    }

    /**
     * @param dir fresh directory for the store
     * @param entries store capacity in records
     * @param programs the serial executor's programs (the standard set plus test programs)
     */
    public TestChain(final Path dir, final long entries, final ProgramRegistry programs) {
        this.store = TestStores.open(dir, entries);
        this.executor = new SerialExecutor(store, programs, FEE_COLLECTOR, false);
    }

    public StateStore store() {
        return store;
    }

    public SerialExecutor executor() {
        return executor;
    }

    public ReceiptLog receipts() {
        return receipts;
    }

    /** Writes accounts with the given coin balances (flag CREATED) in a sealed genesis-style block. */
    public TestChain fund(final long... accountAndBalance) {
        genesis.begin(store);
        for (int i = 0; i < accountAndBalance.length; i += 2) {
            genesis.account(accountAndBalance[i], 0, accountAndBalance[i + 1]);
        }
        genesis.seal(root, 0);
        return this;
    }

    /** Writes one account with a u128 coin balance (flag CREATED) in a sealed block. */
    public TestChain fundU128(final long account, final BigInteger balance) {
        genesis.begin(store).account(account, hi(balance), lo(balance)).seal(root, 0);
        return this;
    }

    private void ensureOpen() {
        if (!open) {
            store.root(root, 0);
            encoder.wrap(block, 0, store.sealedHeight() + 1, 1_700_000_000L + store.sealedHeight(), root, 0);
            open = true;
        }
    }

    /** Appends a transaction with the sender's next nonce and the given fee. */
    public TestChain tx(final long sender, final long fee, final int program, final int instruction, final int argsLength,
            final Consumer<TxEncoder> args) {
        final long nonce = nonces.getOrDefault(sender, 0L);
        return txWithNonce(sender, nonce, fee, program, instruction, argsLength, args);
    }

    /** Appends a transaction with an explicit nonce (the tracked nonce moves past it). */
    public TestChain txWithNonce(final long sender, final long nonce, final long fee, final int program, final int instruction,
            final int argsLength, final Consumer<TxEncoder> args) {
        ensureOpen();
        nonces.put(sender, Math.max(nonces.getOrDefault(sender, 0L), nonce + 1));
        final TxEncoder tx = encoder.beginTx().header(sender, nonce, fee, program, instruction, argsLength);
        args.accept(tx);
        encoder.commitTx();
        return this;
    }

    /** Appends raw bytes as one entry. */
    public TestChain raw(final DirectBuffer bytes, final int offset, final int length) {
        ensureOpen();
        encoder.appendTx(bytes, offset, length);
        return this;
    }

    /** Sets the fee the helper methods (coinTransfer, createToken, swap ...) put on their transactions. */
    public TestChain helperFee(final long fee) {
        helperFee = fee;
        return this;
    }

    /** @return the nonce the next transaction of this sender gets */
    public long nextNonce(final long sender) {
        return nonces.getOrDefault(sender, 0L);
    }

    /** Forgets a sender's tracked nonce (after a rejected tx, which does not bump it). */
    public TestChain resetNonce(final long sender, final long nonce) {
        nonces.put(sender, nonce);
        return this;
    }

    /**
     * Appends a standard-program transaction with the sender's next nonce and the given fee: {@code instruction}
     * calls one method of the {@link InstructionEncoder}.
     */
    public TestChain send(final long sender, final long fee, final Consumer<InstructionEncoder> instruction) {
        ensureOpen();
        final long nonce = nonces.getOrDefault(sender, 0L);
        nonces.put(sender, nonce + 1);
        instruction.accept(instructions.begin(encoder.beginTx(), sender, nonce, fee));
        encoder.commitTx();
        return this;
    }

    public TestChain coinTransfer(final long from, final long to, final long amount) {
        return send(from, helperFee, t -> t.coinTransfer(to, 0, amount));
    }

    public TestChain createToken(final long sender, final long token, final BigInteger supply) {
        return send(sender, helperFee, t -> t.createToken(token, hi(supply), lo(supply)));
    }

    public TestChain tokenOp(final long sender, final int instruction, final long token, final long to, final BigInteger amount) {
        return send(sender, helperFee, t -> {
            switch (instruction) {
                case TokensInstructions.MINT -> t.mint(token, to, hi(amount), lo(amount));
                case TokensInstructions.TRANSFER -> t.tokenTransfer(token, to, hi(amount), lo(amount));
                case TokensInstructions.APPROVE -> t.approve(token, to, hi(amount), lo(amount));
                default -> throw new IllegalArgumentException("not a (token, to, amount) instruction: " + instruction);
            }
        });
    }

    public TestChain transferFrom(final long spender, final long token, final long owner, final long to,
            final BigInteger amount) {
        return send(spender, helperFee, t -> t.transferFrom(token, owner, to, hi(amount), lo(amount)));
    }

    public TestChain createPool(final long sender, final long pool, final long tokenA, final long tokenB, final long lpToken) {
        return send(sender, helperFee, t -> t.createPool(pool, tokenA, tokenB, lpToken));
    }

    public TestChain addLiquidity(final long sender, final long pool, final BigInteger a0, final BigInteger a1,
            final BigInteger minShares) {
        return send(sender, helperFee,
            t -> t.addLiquidity(pool, hi(a0), lo(a0), hi(a1), lo(a1), hi(minShares), lo(minShares)));
    }

    public TestChain removeLiquidity(final long sender, final long pool, final BigInteger shares, final BigInteger min0,
            final BigInteger min1) {
        return send(sender, helperFee,
            t -> t.removeLiquidity(pool, hi(shares), lo(shares), hi(min0), lo(min0), hi(min1), lo(min1)));
    }

    public TestChain swap(final long sender, final long tokenIn, final BigInteger amountIn, final BigInteger minOut,
            final long... pools) {
        return send(sender, helperFee,
            t -> t.swap(tokenIn, hi(amountIn), lo(amountIn), hi(minOut), lo(minOut), pools, 0, pools.length));
    }

    /** Executes the block built so far; returns the block status. Receipts in {@link #receipts()}. */
    public int seal() {
        ensureOpen();
        open = false;
        return executor.execute(block, 0, encoder.length(), receipts, root, 0);
    }

    /**
     * Executes the block built so far transaction by transaction through {@code executeTx} (the path
     * the lane commit stage uses) instead of {@code execute}; returns the receipts.
     */
    public ReceiptLog sealPerTx() {
        ensureOpen();
        open = false;
        final io.multilane.exec.tx.BlockFlyweight view =
            new io.multilane.exec.tx.BlockFlyweight().wrap(block, 0, encoder.length());
        final long height = view.height();
        receipts.clear();
        executor.beginBlock(height);
        while (view.nextTx()) {
            executor.executeTx(block, view.txOffset(), view.txLength(), height, view.timestamp(), receipts);
        }
        executor.seal(height, root, 0);
        return receipts;
    }

    /** @return the block built so far (header and entries), for tests that hand it over themselves */
    public org.agrona.MutableDirectBuffer pendingBlock() {
        ensureOpen();
        return block;
    }

    /** @return length of the block built so far */
    public int pendingLength() {
        ensureOpen();
        return encoder.length();
    }

    /** Drops the block built so far without executing it. */
    public void discardPending() {
        open = false;
    }

    /** Executes the block built so far and requires it to seal. */
    public ReceiptLog sealOk() {
        final int status = seal();
        if (status != BlockStatus.SEALED) {
            throw new AssertionError("block refused: " + BlockStatus.name(status));
        }
        return receipts;
    }

    /** @return the root after the last sealed block, as hex */
    public String rootHex() {
        store.root(root, 0);
        return HexFormat.of().formatHex(root.byteArray());
    }

    /** Reads a u128 field of a record (0 if absent). */
    public BigInteger u128(final KeyType type, final long id1, final long id2, final long id3, final int field) {
        StateKeys.encode(key, 0, type, id1, id2, id3);
        if (store.read(key, 0, value, 0) < 0) {
            return BigInteger.ZERO;
        }
        return toBig(new U128().read(value, field));
    }

    /** Reads a u64 field of a record (0 if absent). */
    public long u64(final KeyType type, final long id1, final long id2, final long id3, final int field) {
        StateKeys.encode(key, 0, type, id1, id2, id3);
        return store.read(key, 0, value, 0) < 0 ? 0 : value.getLong(field, ByteOrder.LITTLE_ENDIAN);
    }

    public BigInteger coin(final long account) {
        return u128(KeyType.ACCOUNT, account, 0, 0, AccountDescriptor.BALANCE_OFFSET);
    }

    public long nonceOf(final long account) {
        return u64(KeyType.ACCOUNT, account, 0, 0, AccountDescriptor.NONCE_OFFSET);
    }

    public BigInteger tokenBalance(final long token, final long owner) {
        return u128(KeyType.TOKEN_BALANCE, token, owner, 0, 0);
    }

    /** Every record as "KEY(ids)" to hex value, in key order. */
    public Map<String, String> snapshot() {
        return snapshot(store);
    }

    /** Every record of a store as "KEY(ids)" to hex value, in key order. */
    public static Map<String, String> snapshot(final StateStore store) {
        final Map<String, String> out = new TreeMap<>();
        store.scan((k, ko, v, vo, len) -> {
            final byte[] bytes = new byte[len];
            v.getBytes(vo, bytes);
            out.put(StateKeys.appendTo(new StringBuilder(), k, ko).toString(), HexFormat.of().formatHex(bytes));
        });
        return out;
    }

    public static long hi(final BigInteger v) {
        return v.shiftRight(64).longValue();
    }

    public static long lo(final BigInteger v) {
        return v.longValue();
    }

    public static BigInteger toBig(final U128 v) {
        return new BigInteger(Long.toUnsignedString(v.hi())).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v.lo())));
    }

    @Override
    public void close() {
        store.close();
    }
}
