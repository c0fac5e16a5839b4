package io.multilane.exec.workload;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.replay.AddressBook;
import io.multilane.exec.replay.Amount;
import io.multilane.exec.replay.ReplayGenesis;
import io.multilane.exec.replay.Trace;
import io.multilane.exec.replay.WorkloadLoader;
import io.multilane.exec.replay.WorkloadOp;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A loaded mainnet workload (the bundled {@code mainnet-pevm} or a directory of {@code genesis.csv},
 * {@code ops.csv}) replayed in a loop to sustain a rate. The ops are encoded in file order exactly as {@code ReplayBlockEncoder} does (fee 0,
 * pre-verified), but block boundaries are set by {@link #encodeBlock}'s {@code txs}: ops are
 * concatenated across source blocks. When the ops run out the workload starts over with the next
 * sender <em>copy</em>: loop {@code L} uses copy {@code L % copies}; copy 0 is the file's own
 * senders, copy {@code c > 0} maps the {@code i}-th distinct sender to the fresh id
 * {@code idLimit + (c - 1) * senders + i}. A receiver that is itself a sender is remapped the same
 * way (so value flows between senders repeat inside a copy); other receivers, tokens and pairs are
 * shared by every loop.
 *
 * <p>Genesis ({@code ReplayGenesis} on an extended workload) gives every copy of a sender the
 * sender's coin and token balances times a multiplier (default {@link #DEFAULT_MULTIPLIER}, lowered
 * per token when the token's supply would not fit 128 bits), so each copy can run that many loops;
 * token supplies are the sums of the balances. Nonces are tracked per (copy, sender). Swaps keep
 * their file {@code amount_out_min}: as the shared pairs drift over the loops some fail with
 * {@code slippage}. Construction indexes the ops; {@link #encodeBlock} allocates nothing. One
 * thread per instance.
 */
public final class MainnetLoopWorkload extends NoSetupWorkload {
    /** Default number of sender copies funded in genesis. */
    public static final int DEFAULT_COPIES = 8;
    /** Default balance multiplier of every sender copy. */
    public static final int DEFAULT_MULTIPLIER = 1024;

    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);
    private static final int COIN = 0;
    private static final int TOKEN = 1;
    private static final int SWAP = 2;

    private final String name;
    private final Trace source;
    private final int copies;
    private final int multiplier;
    private final long idLimit;
    private final int senders;
    /** Sender index by {@code id - AddressBook.FIRST_ID}, -1 if the id never sends. */
    private final int[] senderIndex;
    /** Original id by sender index. */
    private final long[] originalIds;
    private final long[] nonces;
    private final int[] kind;
    private final int[] sender;
    private final long[] to;
    private final int[] toSender;
    private final long[] token;
    private final long[] amountHi;
    private final long[] amountLo;
    private final long[] minOutHi;
    private final long[] minOutLo;
    private final int[] pathStart;
    private final long[] paths;
    private final BlockEncoder block = new BlockEncoder();
    private final InstructionEncoder tx = new InstructionEncoder();
    private int next;
    private long loop;

    /**
     * Indexes a loaded workload.
     *
     * @param source     the workload ({@code BundledWorkloads.load} or {@code WorkloadLoader.load})
     * @param name       its name in reports (the bundled name or the directory)
     * @param copies     sender copies (at least 1)
     * @param multiplier balance multiplier of every copy (at least 1)
     */
    public MainnetLoopWorkload(final Trace source, final String name, final int copies,
            final int multiplier) {
        if (copies < 1 || multiplier < 1) {
            throw new IllegalArgumentException("copies and multiplier must be at least 1");
        }
        this.name = name;
        this.source = source;
        this.copies = copies;
        this.multiplier = multiplier;
        final AddressBook book = source.addresses();
        this.idLimit = book.idLimit();
        this.senderIndex = new int[book.size()];
        Arrays.fill(senderIndex, -1);
        int s = 0;
        int ops = 0;
        int pathLength = 0;
        for (List<WorkloadOp> b : source.blocks()) {
            for (WorkloadOp op : b) {
                final int i = (int) (op.sender() - AddressBook.FIRST_ID);
                if (senderIndex[i] < 0) {
                    senderIndex[i] = s++;
                }
                ops++;
                pathLength += op.path().length;
            }
        }
        if (ops == 0) {
            throw new IllegalArgumentException(name + ": no ops to loop over");
        }
        this.senders = s;
        this.originalIds = new long[s];
        for (int i = 0; i < senderIndex.length; i++) {
            if (senderIndex[i] >= 0) {
                originalIds[senderIndex[i]] = AddressBook.FIRST_ID + i;
            }
        }
        this.nonces = new long[copies * s];
        this.kind = new int[ops];
        this.sender = new int[ops];
        this.to = new long[ops];
        this.toSender = new int[ops];
        this.token = new long[ops];
        this.amountHi = new long[ops];
        this.amountLo = new long[ops];
        this.minOutHi = new long[ops];
        this.minOutLo = new long[ops];
        this.pathStart = new int[ops + 1];
        this.paths = new long[pathLength];
        flatten();
    }

    private void flatten() {
        int n = 0;
        int p = 0;
        for (List<WorkloadOp> b : source.blocks()) {
            for (WorkloadOp op : b) {
                kind[n] = op.kind() == WorkloadOp.Kind.COIN_TRANSFER ? COIN
                        : op.kind() == WorkloadOp.Kind.TOKEN_TRANSFER ? TOKEN : SWAP;
                sender[n] = senderIndex[(int) (op.sender() - AddressBook.FIRST_ID)];
                to[n] = op.to();
                toSender[n] = op.to() >= AddressBook.FIRST_ID && op.to() < idLimit
                        ? senderIndex[(int) (op.to() - AddressBook.FIRST_ID)] : -1;
                token[n] = op.token();
                amountHi[n] = op.amount().hi();
                amountLo[n] = op.amount().lo();
                minOutHi[n] = op.minOut().hi();
                minOutLo[n] = op.minOut().lo();
                pathStart[n] = p;
                for (long pool : op.path()) {
                    paths[p++] = pool;
                }
                n++;
            }
        }
        pathStart[n] = p;
    }

    /** @return ops per loop */
    public int opsPerLoop() {
        return kind.length;
    }

    /** @return distinct senders per loop */
    public int senders() {
        return senders;
    }

    /** @return loops started so far (1 after the first op) */
    public long loops() {
        return next == 0 ? loop : loop + 1;
    }

    /** @return the workload's address book (ids of copies above its limit have no address) */
    public AddressBook addresses() {
        return source.addresses();
    }

    /**
     * @param copy a copy index
     * @param index a sender index
     * @return the account id of that sender in that copy
     */
    long senderId(final int copy, final int index) {
        return copy == 0 ? originalIds[index] : idLimit + (long) (copy - 1) * senders + index;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long stateEntries() {
        final long genesis = source.coins().size() + source.tokenBalances().size() + 2L * source.pairs().size() + senders;
        final long copied = (long) copies * (senders + source.tokenBalances().size());
        return (genesis + copied) * 3 / 2 + 4L * kind.length + 4096;
    }

    /** @return the longest transaction plus its entry prefix in the block */
    @Override
    public int maxTxBytes() {
        return BlockDescriptor.ENTRY_PREFIX + TxDescriptor.length(AmmInstructions.swapLength(WorkloadLoader.MAX_HOPS));
    }

    @Override
    public long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut, final int rootOffset) {
        final long[] ids = originalIds;
        final List<Trace.Coin> coins = new ArrayList<>();
        final Map<Long, Amount> senderCoins = new HashMap<>();
        BigInteger senderCoinSum = BigInteger.ZERO;
        for (Trace.Coin c : source.coins()) {
            if (isSender(c.account())) {
                senderCoins.put(c.account(), c.amount());
                senderCoinSum = senderCoinSum.add(c.amount().toBigInteger());
            } else {
                coins.add(c);
            }
        }
        final BigInteger coinFactor = factor(BigInteger.ZERO, senderCoinSum);
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < senders; i++) {
                final Amount a = senderCoins.get(ids[i]);
                coins.add(new Trace.Coin(senderId(c, i),
                        a == null ? Amount.ZERO : Amount.of(a.toBigInteger().multiply(coinFactor))));
            }
        }
        final Map<Long, BigInteger> others = new HashMap<>();
        final Map<Long, BigInteger> ofSenders = new HashMap<>();
        for (Trace.TokenBalance b : source.tokenBalances()) {
            (isSender(b.holder()) ? ofSenders : others).merge(b.token(), b.amount().toBigInteger(), BigInteger::add);
        }
        final List<Trace.TokenBalance> balances = new ArrayList<>();
        for (Trace.TokenBalance b : source.tokenBalances()) {
            if (!isSender(b.holder())) {
                balances.add(b);
                continue;
            }
            final BigInteger f = factor(others.getOrDefault(b.token(), BigInteger.ZERO), ofSenders.get(b.token()));
            final Amount scaled = Amount.of(b.amount().toBigInteger().multiply(f));
            final int i = senderIndex[(int) (b.holder() - AddressBook.FIRST_ID)];
            for (int c = 0; c < copies; c++) {
                balances.add(new Trace.TokenBalance(b.token(), senderId(c, i), scaled));
            }
        }
        final Trace extended = new Trace(source.addresses(),
                coins, balances, source.pairs(), source.blocks());
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        final long height = new ReplayGenesis().write(extended, store, root);
        rootOut.putBytes(rootOffset, root, 0, BlockDescriptor.ROOT_LENGTH);
        return height;
    }

    /**
     * The multiplier for one token (or the coin): {@link #multiplier}, lowered so that
     * {@code others + copies * multiplier * ofSenders} stays below 2^128, and at least 1.
     */
    private BigInteger factor(final BigInteger others, final BigInteger ofSenders) {
        final BigInteger wanted = BigInteger.valueOf(multiplier);
        if (ofSenders.signum() == 0) {
            return wanted;
        }
        final BigInteger room = LIMIT.subtract(BigInteger.ONE).subtract(others)
                .divide(ofSenders.multiply(BigInteger.valueOf(copies)));
        if (room.signum() == 0) {
            throw new IllegalArgumentException(name + ": " + copies + " sender copies overflow a token supply");
        }
        return room.min(wanted);
    }

    private boolean isSender(final long id) {
        return id >= AddressBook.FIRST_ID && id < idLimit && senderIndex[(int) (id - AddressBook.FIRST_ID)] >= 0;
    }

    @Override
    public int encodeBlock(final long height, final long timestamp, final DirectBuffer parentRoot, final int rootOffset,
            final MutableDirectBuffer out, final int outOffset, final int txs) {
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        for (int n = 0; n < txs; n++) {
            final int op = next;
            final int copy = (int) (loop % copies);
            final int s = sender[op];
            final long from = senderId(copy, s);
            final long nonce = nonces[copy * senders + s]++;
            tx.begin(block.beginTx(), from, nonce, 0);
            if (kind[op] == SWAP) {
                tx.swap(token[op], amountHi[op], amountLo[op], minOutHi[op], minOutLo[op], paths, pathStart[op],
                        pathStart[op + 1] - pathStart[op]);
            } else {
                final long receiver = toSender[op] >= 0 ? senderId(copy, toSender[op]) : to[op];
                if (kind[op] == COIN) {
                    tx.coinTransfer(receiver, amountHi[op], amountLo[op]);
                } else {
                    tx.tokenTransfer(token[op], receiver, amountHi[op], amountLo[op]);
                }
            }
            block.commitTx();
            if (++next == kind.length) {
                next = 0;
                loop++;
            }
        }
        return block.length();
    }
}
