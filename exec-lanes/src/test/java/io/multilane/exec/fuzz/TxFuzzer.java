package io.multilane.exec.fuzz;

import java.util.SplittableRandom;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzz harness for the decoder and the programs: builds well-formed transactions for every
 * instruction over the {@link ProgramOps} universe, then mutates them (bit flips, random bytes,
 * truncation, extension, random header fields, random ids and amounts) or replaces them with
 * random bytes, runs them one by one through the serial executor inside blocks of 2,000 (tracking
 * each actor's nonce from the receipts), and checks that every case got exactly one receipt with a consistent status and reason. Any exception escaping the executor
 * fails the run. Deterministic for a given seed. Test thread only.
 */
public final class TxFuzzer {
    private static final int BLOCK = 2_000;
    private static final int[][] INSTRUCTIONS = {
        {ProgramIds.ACCOUNTS, AccountsInstructions.CREATE, AccountsInstructions.CREATE_LENGTH},
        {ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER, AccountsInstructions.TRANSFER_LENGTH},
        {ProgramIds.TOKENS, TokensInstructions.CREATE, TokensInstructions.CREATE_LENGTH},
        {ProgramIds.TOKENS, TokensInstructions.MINT, TokensInstructions.LENGTH},
        {ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH},
        {ProgramIds.TOKENS, TokensInstructions.APPROVE, TokensInstructions.LENGTH},
        {ProgramIds.TOKENS, TokensInstructions.TRANSFER_FROM, TokensInstructions.TRANSFER_FROM_LENGTH},
        {ProgramIds.AMM, AmmInstructions.CREATE_POOL, AmmInstructions.CREATE_LENGTH},
        {ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH},
        {ProgramIds.AMM, AmmInstructions.REMOVE_LIQUIDITY, AmmInstructions.REMOVE_LENGTH},
        {ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, 0},
    };

    private final SplittableRandom random;
    private final TestChain chain;
    private final UnsafeBuffer tx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH + 256]);
    private final TxEncoder encoder = new TxEncoder();
    private final long[] nonces = new long[ProgramOps.ACTORS.length];
    private final ReceiptLog receipts = new ReceiptLog(BLOCK);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[32]);
    private final long[] countsByStatus = new long[3];
    private long cases;

    /**
     * @param seed random seed (print it)
     * @param chain a chain seeded with {@link ProgramOps#seed}
     */
    public TxFuzzer(final long seed, final TestChain chain) {
        this.random = new SplittableRandom(seed);
        this.chain = chain;
        for (long actor : ProgramOps.ACTORS) {
            // enough coins that fees and random transfers never drain an actor in a 10M-case run
            chain.fundU128(actor, java.math.BigInteger.ONE.shiftLeft(100));
        }
        for (int i = 0; i < nonces.length; i++) {
            nonces[i] = chain.nonceOf(ProgramOps.ACTORS[i]);
        }
    }

    /**
     * Runs {@code n} cases.
     *
     * @param n number of cases
     */
    public void run(final long n) {
        long done = 0;
        while (done < n) {
            final int batch = (int) Math.min(BLOCK, n - done);
            final long height = chain.store().sealedHeight() + 1;
            receipts.clear();
            chain.executor().beginBlock(height);
            for (int i = 0; i < batch; i++) {
                final int length = nextCase();
                final int status = chain.executor().executeTx(tx, 0, length, height, height, receipts);
                final int actor = actorIndex(receipts.sender(receipts.count() - 1));
                if (status != TxStatus.REJECTED && actor >= 0) {
                    nonces[actor]++;
                }
            }
            chain.executor().seal(height, root, 0);
            check(receipts, batch);
            done += batch;
        }
        cases += done;
    }

    private static int actorIndex(final long id) {
        for (int i = 0; i < ProgramOps.ACTORS.length; i++) {
            if (ProgramOps.ACTORS[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private void check(final ReceiptLog receipts, final int batch) {
        if (receipts.count() != batch) {
            throw new AssertionError("receipts " + receipts.count() + " for " + batch + " entries");
        }
        for (int i = 0; i < batch; i++) {
            final int status = receipts.status(i);
            final int reason = receipts.reason(i);
            if (status > TxStatus.REJECTED) {
                throw new AssertionError("bad status " + status);
            }
            if ((status == TxStatus.SUCCESS) != (reason == ReasonCodes.NONE)) {
                throw new AssertionError("status " + status + " with reason " + reason);
            }
            if (status == TxStatus.REJECTED && (!ReasonCodes.isRejection(reason) || receipts.fee(i) != 0)) {
                throw new AssertionError("rejection with reason " + reason + " fee " + receipts.fee(i));
            }
            if (status == TxStatus.FAILED && ReasonCodes.isRejection(reason)) {
                throw new AssertionError("failure with rejection reason " + reason);
            }
            countsByStatus[status]++;
        }
    }

    private int nextCase() {
        final int kind = random.nextInt(10);
        if (kind == 0) {
            final int length = random.nextInt(TxDescriptor.MAX_LENGTH + 64);
            for (int i = 0; i < length; i++) {
                tx.putByte(i, (byte) random.nextInt(256));
            }
            return length;
        }
        int length = validTx();
        if (kind <= 4) {
            return length;
        }
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            length = mutate(length);
        }
        return length;
    }

    private int mutate(final int length) {
        switch (random.nextInt(7)) {
            case 0: {
                final int at = random.nextInt(Math.max(1, length));
                tx.putByte(at, (byte) (tx.getByte(at) ^ (1 << random.nextInt(8))));
                return length;
            }
            case 1:
                return random.nextInt(Math.max(1, length));
            case 2: {
                final int extra = 1 + random.nextInt(64);
                for (int i = 0; i < extra; i++) {
                    tx.putByte(length + i, (byte) random.nextInt(256));
                }
                return length + extra;
            }
            case 3:
                tx.putShort(TxDescriptor.PROGRAM_OFFSET, (short) random.nextInt(8), TxDescriptor.ORDER);
                tx.putShort(TxDescriptor.INSTRUCTION_OFFSET, (short) random.nextInt(8), TxDescriptor.ORDER);
                return length;
            case 4: {
                final int args = random.nextInt(TxDescriptor.MAX_ARGS_LENGTH + 8);
                tx.putShort(TxDescriptor.ARGS_LENGTH_OFFSET, (short) args, TxDescriptor.ORDER);
                return random.nextBoolean() ? TxDescriptor.length(args) : length;
            }
            case 5: {
                if (length > TxDescriptor.ARGS_OFFSET + 8) {
                    final int at = TxDescriptor.ARGS_OFFSET + random.nextInt(length - TxDescriptor.ARGS_OFFSET - 8);
                    tx.putLong(at, randomWord(), TxDescriptor.ORDER);
                }
                return length;
            }
            default:
                tx.putLong(TxDescriptor.SENDER_OFFSET, randomId(), TxDescriptor.ORDER);
                tx.putLong(TxDescriptor.NONCE_OFFSET, random.nextInt(4), TxDescriptor.ORDER);
                return length;
        }
    }

    /** A well-formed transaction with the sender's current nonce. */
    private int validTx() {
        final int[] ins = INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)];
        final int actor = random.nextInt(ProgramOps.ACTORS.length);
        final int hops = 1 + random.nextInt(AmmInstructions.MAX_HOPS);
        final int argsLength = ins[2] != 0 ? ins[2] : AmmInstructions.swapLength(hops);
        encoder.wrap(tx, 0).header(ProgramOps.ACTORS[actor], nonces[actor], random.nextInt(3), ins[0], ins[1], argsLength);
        if (ins[0] == ProgramIds.AMM && ins[1] == AmmInstructions.SWAP_EXACT_IN) {
            encoder.argU64(AmmInstructions.SWAP_TOKEN_IN, pick(ProgramOps.TOKENS));
            encoder.argU128(AmmInstructions.SWAP_AMOUNT_IN, 0, random.nextLong(1L << 50));
            encoder.argU128(AmmInstructions.SWAP_MIN_OUT, 0, random.nextInt(2) == 0 ? 0 : random.nextLong(1L << 40));
            encoder.argU8(AmmInstructions.SWAP_HOPS, hops);
            for (int i = 0; i < hops; i++) {
                encoder.argU64(AmmInstructions.SWAP_PATH + 8 * i, pick(ProgramOps.POOLS));
            }
        } else {
            for (int at = 0; at + 8 <= argsLength; at += 8) {
                encoder.argU64(at, at < 24 || random.nextBoolean() ? randomId() : randomWord());
            }
        }
        return encoder.length();
    }

    private long randomId() {
        switch (random.nextInt(5)) {
            case 0: return pick(ProgramOps.ACTORS);
            case 1: return pick(ProgramOps.TOKENS);
            case 2: return pick(ProgramOps.POOLS);
            case 3: return pick(ProgramOps.LP_TOKENS);
            default: return random.nextLong(2_000);
        }
    }

    private long randomWord() {
        switch (random.nextInt(4)) {
            case 0: return random.nextLong(1_000_000);
            case 1: return -1L;
            case 2: return 0;
            default: return random.nextLong();
        }
    }

    private long pick(final long[] ids) {
        return ids[random.nextInt(ids.length)];
    }

    /** @return cases run so far */
    public long cases() {
        return cases;
    }

    /**
     * @param status a {@link TxStatus}
     * @return how many cases ended with it
     */
    public long count(final int status) {
        return countsByStatus[status];
    }
}
