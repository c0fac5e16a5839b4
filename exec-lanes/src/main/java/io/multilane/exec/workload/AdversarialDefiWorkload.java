package io.multilane.exec.workload;

import java.util.SplittableRandom;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.TxDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The adversarial DeFi sampler, for differential tests: the universe of {@link DefiWorkload}, every
 * instruction of every program (coin and token transfers, approve / transfer_from pairs, one- and
 * two-hop swaps, liquidity, supply / withdraw / collateral / borrow / repay, stake / unstake / claim),
 * random fees (0..999, the fee collector is a hot key), hot pools and receivers, and the failures and
 * refusals an {@link Adversity} asks for: nonces ahead of the sender's, amounts beyond any balance,
 * unreachable swap minimums, malformed entries. Unlike {@link DefiMixWorkload} it does not steer away
 * from failures: repays without debt and unstakes without stake are sent as they come. A bad-nonce
 * transaction does not advance the sender's tracked nonce, so only that transaction fails.
 * Deterministic by seed; one thread per instance.
 */
public final class AdversarialDefiWorkload extends DefiWorkload {
    /** Name in reports. */
    public static final String NAME = "adversarial-defi";
    /** Longest malformed entry: past the longest transaction by up to 300 bytes. */
    static final int MAX_MALFORMED = TxDescriptor.MAX_LENGTH + 300;

    private final Adversity adversity;
    private final SplittableRandom random;
    private final int weightTotal;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_MALFORMED]);
    private final InstructionEncoder loose = new InstructionEncoder();
    private final int ring;

    /**
     * @param spec the universe's sizes and the weights of token transfers, swaps, lending, staking, liquidity
     * @param adversity the extra weights and the hostile shares
     * @param seed the seed; the same seed, spec and adversity give the same blocks
     */
    public AdversarialDefiWorkload(final DefiMixSpec spec, final Adversity adversity, final long seed) {
        super(NAME, spec);
        this.adversity = adversity;
        this.random = new SplittableRandom(seed);
        this.weightTotal = spec.totalWeight() + adversity.coinTransfers() + adversity.allowances();
        this.ring = Math.min(spec.pools(), spec.tokens());
    }

    /**
     * A small universe for tests: {@code tokens} tokens and as many pools (a ring), two markets,
     * two staking pools, positions for a quarter of the users; weights 30 token transfers, 35 swaps,
     * 8 lending, 4 staking, 10 liquidity.
     *
     * @param accounts users (at least 4)
     * @param tokens tokens (at least 2)
     * @return the spec
     */
    public static DefiMixSpec spec(final int accounts, final int tokens) {
        return new DefiMixSpec(accounts, tokens, tokens, 2, 2, Math.max(1, accounts / 4), 30, 35, 8, 4, 10, 0, false);
    }

    /**
     * The sampler the engine's differential tests run: {@link #spec(int, int) spec(512, 8)}.
     *
     * @param adversity the extra weights and the hostile shares
     * @param seed the seed
     * @return a new workload
     */
    public static AdversarialDefiWorkload of(final Adversity adversity, final long seed) {
        return new AdversarialDefiWorkload(spec(512, 8), adversity, seed);
    }

    /** @return the hostile shares */
    public Adversity adversity() {
        return adversity;
    }

    /** @return the longest entry, malformed ones included, plus its prefix */
    @Override
    public int maxTxBytes() {
        return BlockDescriptor.ENTRY_PREFIX + MAX_MALFORMED;
    }

    /** {@inheritDoc} An approve / transfer_from pair may add one entry. */
    @Override
    public int encodeBlock(final long height, final long timestamp, final DirectBuffer parentRoot, final int rootOffset,
            final MutableDirectBuffer out, final int outOffset, final int txs) {
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        int n = 0;
        while (n < txs) {
            if (chance(adversity.malformedShare())) {
                malformed();
                n++;
                continue;
            }
            int pick = random.nextInt(weightTotal);
            if ((pick -= adversity.coinTransfers()) < 0) {
                sender(user()).coinTransfer(receiver(), amountHi(), amountLo());
            } else if ((pick -= spec.tokenTransfers()) < 0) {
                sender(user()).tokenTransfer(token(), receiver(), amountHi(), amountLo());
            } else if ((pick -= spec.swaps()) < 0) {
                swap();
            } else if ((pick -= spec.liquidity()) < 0) {
                liquidity();
            } else if ((pick -= spec.lending()) < 0) {
                lending();
            } else if ((pick -= spec.staking()) < 0) {
                staking();
            } else {
                allowancePair();
                n++;
            }
            block.commitTx();
            n++;
        }
        return block.length();
    }

    private boolean chance(final double share) {
        return share > 0 && random.nextDouble() < share;
    }

    private int user() {
        return random.nextInt(spec.accounts());
    }

    private long token() {
        return FIRST_TOKEN + random.nextInt(spec.tokens());
    }

    private long receiver() {
        return chance(adversity.hotReceiverShare()) ? FIRST_USER : FIRST_USER + user();
    }

    private int pool() {
        return chance(adversity.hotPoolShare()) ? 0 : random.nextInt(spec.pools());
    }

    /** Starts user {@code u}'s transaction with a random fee; with a bad nonce its tracked nonce stays. */
    private InstructionEncoder sender(final int u) {
        final long fee = random.nextInt(1000);
        if (chance(adversity.badNonceShare())) {
            return tx.begin(block.beginTx(), FIRST_USER + u, nonces[u] + 1 + random.nextInt(5), fee);
        }
        return user(u, fee);
    }

    /** Amount low word: up to 10^18 (about one unit). */
    private long amountLo() {
        return 1 + random.nextLong(Amounts.E18);
    }

    /** Amount high word: usually 0, sometimes far above any balance. */
    private long amountHi() {
        return chance(adversity.overdrawShare()) ? 1L << 40 : 0;
    }

    /** One hop on any pool, or two hops along the ring of pools {@code 0 .. min(pools, tokens) - 1}. */
    private void swap() {
        final int u = user();
        final boolean forward = random.nextBoolean();
        final long minOut = chance(adversity.overdrawShare()) ? Long.MAX_VALUE : 0;
        if (ring >= 2 && random.nextInt(3) == 0) {
            final int p = chance(adversity.hotPoolShare()) ? 0 : random.nextInt(ring);
            final int t = spec.tokens();
            final long tokenIn = FIRST_TOKEN + (forward ? p : (p + 1) % t);
            final int next = forward ? (p + 1) % ring : (p + ring - 1) % ring;
            sender(u).swap(tokenIn, amountHi(), amountLo(), 0, minOut, FIRST_POOL + p, FIRST_POOL + next);
        } else {
            final int p = pool();
            sender(u).swap(forward ? poolToken0(p) : poolToken1(p), amountHi(), amountLo(), 0, minOut, FIRST_POOL + p);
        }
    }

    private void liquidity() {
        final long pool = FIRST_POOL + pool();
        if (random.nextInt(3) == 0) {
            sender(user()).removeLiquidity(pool, 0, 1 + random.nextLong(Amounts.E18 / 1000), 0, 0, 0, 0);
        } else {
            final long a = amountLo();
            sender(user()).addLiquidity(pool, amountHi(), a, 0, a, 0, 0);
        }
    }

    /** Collateral, supply, withdraw, borrow, repay and collateral withdrawal on the user's market. */
    private void lending() {
        final int u = random.nextInt(10) < 7 ? random.nextInt(spec.positionUsers()) : user();
        final long market = FIRST_MARKET + u % spec.markets();
        switch (random.nextInt(6)) {
            case 0 -> sender(u).supplyCollateral(market, amountHi(), amountLo() * 4);
            case 1 -> sender(u).supply(market, amountHi(), amountLo(), 0, 0);
            case 2 -> sender(u).withdraw(market, amountHi(), amountLo() / 2, 0, 0);
            case 3 -> sender(u).borrow(market, amountHi(), amountLo(), 0, 0);
            case 4 -> sender(u).repay(market, amountHi(), amountLo(), 0, 0);
            default -> sender(u).withdrawCollateral(market, 0, amountLo() / 4);
        }
    }

    private void staking() {
        final int u = random.nextInt(10) < 7 ? random.nextInt(spec.positionUsers()) : user();
        final long pool = FIRST_STAKING_POOL + u % spec.stakingPools();
        switch (random.nextInt(3)) {
            case 0 -> sender(u).stake(pool, amountHi(), amountLo());
            case 1 -> sender(u).unstake(pool, amountHi(), amountLo());
            default -> sender(u).claim(pool);
        }
    }

    private void allowancePair() {
        final int owner = user();
        final int spender = user();
        final long token = token();
        final long lo = amountLo();
        sender(owner).approve(token, FIRST_USER + spender, 0, lo);
        block.commitTx();
        sender(spender).transferFrom(token, FIRST_USER + owner, receiver(), amountHi(), lo - random.nextLong(lo));
    }

    /** A transfer built in scratch, then cut, stretched or corrupted, appended as one entry. */
    private void malformed() {
        final int u = user();
        loose.begin(scratch, 0, FIRST_USER + u, nonces[u], 5).coinTransfer(receiver(), 0, 1);
        final int length = TxDescriptor.length(AccountsInstructions.TRANSFER_LENGTH);
        switch (random.nextInt(6)) {
            case 0 -> block.appendTx(scratch, 0, length - 1 - random.nextInt(length - 1));
            case 1 -> {
                scratch.putByte(TxDescriptor.VERSION_OFFSET, (byte) 7);
                block.appendTx(scratch, 0, length);
            }
            case 2 -> {
                scratch.putShort(TxDescriptor.PROGRAM_OFFSET, (short) 60, TxDescriptor.ORDER);
                block.appendTx(scratch, 0, length);
            }
            case 3 -> {
                scratch.putShort(TxDescriptor.INSTRUCTION_OFFSET, (short) 77, TxDescriptor.ORDER);
                block.appendTx(scratch, 0, length);
            }
            case 4 -> {
                for (int i = 0; i < 200; i += 8) {
                    scratch.putLong(i, random.nextLong());
                }
                block.appendTx(scratch, 0, random.nextInt(200));
            }
            default -> block.appendTx(scratch, 0, TxDescriptor.MAX_LENGTH + 1 + random.nextInt(300));
        }
    }
}
