package io.multilane.exec.testing;

import java.math.BigInteger;
import java.util.List;

import io.multilane.exec.program.tokens.TokensInstructions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random program operations over a small universe (actors 10..14, tokens 500..503, pools
 * 900..902 with LP tokens 600..602), for property tests; {@link #seed} builds that universe.
 */
public final class ProgramOps {
    public static final long[] ACTORS = {10, 11, 12, 13, 14};
    public static final long[] TOKENS = {500, 501, 502, 503};
    public static final long[] POOLS = {900, 901, 902};
    public static final long[] LP_TOKENS = {600, 601, 602};
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger E30 = BigInteger.TEN.pow(30);

    /** Kinds of random operation. */
    public enum Kind {
        COIN_TRANSFER, TOKEN_CREATE, MINT, TRANSFER, APPROVE, TRANSFER_FROM, POOL_CREATE, ADD, REMOVE, SWAP
    }

    /**
     * One random operation.
     *
     * @param kind kind
     * @param sender sender
     * @param a first id (token, pool or receiver)
     * @param b second id
     * @param c third id
     * @param amount first amount
     * @param amount2 second amount
     * @param fee fee
     * @param path pools for swaps
     */
    public record Op(Kind kind, long sender, long a, long b, long c, BigInteger amount, BigInteger amount2, long fee,
            List<Long> path) {
    }

    private ProgramOps() {
    }

    /** @return amounts mixing small, realistic and near-2^128 values */
    public static Arbitrary<BigInteger> amounts() {
        final Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000));
        final Arbitrary<BigInteger> realistic = Arbitraries.bigIntegers().between(BigInteger.ONE, E30.multiply(BigInteger.TEN));
        final Arbitrary<BigInteger> huge = Arbitraries.bigIntegers().between(MAX.subtract(E30), MAX);
        return Arbitraries.oneOf(List.of(small, small, realistic, realistic, huge));
    }

    private static Arbitrary<Long> oneOf(final long... ids) {
        return Arbitraries.of(java.util.Arrays.stream(ids).boxed().toList());
    }

    /** @return one random operation */
    public static Arbitrary<Op> ops() {
        final Arbitrary<Long> anyId = Arbitraries.oneOf(oneOf(ACTORS), oneOf(TOKENS), oneOf(POOLS), oneOf(LP_TOKENS),
            Arbitraries.longs().between(1, 2000));
        final Arbitrary<List<Long>> path = oneOf(POOLS).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(Kind.class), oneOf(ACTORS), anyId, anyId, anyId, amounts(), amounts(),
            Arbitraries.longs().between(0, 5)).as((k, s, a, b, c, x, y, f) -> new Op(k, s, a, b, c, x, y, f, List.of()))
            .flatMap(op -> op.kind() == Kind.SWAP
                ? path.map(p -> new Op(op.kind(), op.sender(), op.a(), op.b(), op.c(), op.amount(), op.amount2(), op.fee(), p))
                : Arbitraries.just(op));
    }

    /** Appends an operation to the chain's open block. */
    public static void append(final TestChain chain, final Op op) {
        final long s = op.sender();
        chain.helperFee(op.fee());
        switch (op.kind()) {
            case COIN_TRANSFER -> chain.send(s, op.fee(),
                t -> t.coinTransfer(op.a(), TestChain.hi(op.amount()), TestChain.lo(op.amount())));
            case TOKEN_CREATE -> chain.createToken(s, op.a(), op.amount());
            case MINT -> chain.tokenOp(s, TokensInstructions.MINT, op.a(), op.b(), op.amount());
            case TRANSFER -> chain.tokenOp(s, TokensInstructions.TRANSFER, op.a(), op.b(), op.amount());
            case APPROVE -> chain.tokenOp(s, TokensInstructions.APPROVE, op.a(), op.b(), op.amount());
            case TRANSFER_FROM -> chain.transferFrom(s, op.a(), op.b(), op.c(), op.amount());
            case POOL_CREATE -> chain.createPool(s, op.a(), op.b(), op.c(), op.a() + 1);
            case ADD -> chain.addLiquidity(s, op.a(), op.amount(), op.amount2(), BigInteger.ZERO);
            case REMOVE -> chain.removeLiquidity(s, op.a(), op.amount(), BigInteger.ZERO, BigInteger.ZERO);
            case SWAP -> chain.swap(s, op.b(), op.amount(), op.amount2().shiftRight(100),
                op.path().stream().mapToLong(Long::longValue).toArray());
            default -> throw new IllegalArgumentException(op.kind().name());
        }
        chain.helperFee(0);
    }

    /** Builds the universe: funded actors, tokens spread among them, three pools with liquidity. */
    public static void seed(final TestChain chain) {
        final long[] funding = new long[ACTORS.length * 2];
        for (int i = 0; i < ACTORS.length; i++) {
            funding[2 * i] = ACTORS[i];
            funding[2 * i + 1] = 1_000_000_000L;
        }
        chain.fund(funding);
        for (long token : TOKENS) {
            chain.createToken(ACTORS[0], token, E30.multiply(BigInteger.valueOf(ACTORS.length)));
            for (int i = 1; i < ACTORS.length; i++) {
                chain.tokenOp(ACTORS[0], TokensInstructions.TRANSFER, token, ACTORS[i], E30);
            }
        }
        for (int p = 0; p < POOLS.length; p++) {
            chain.createPool(ACTORS[0], POOLS[p], TOKENS[p], TOKENS[(p + 1) % 3], LP_TOKENS[p]);
            chain.addLiquidity(ACTORS[0], POOLS[p], E30.divide(BigInteger.valueOf(7 + p)), E30.divide(BigInteger.valueOf(3)),
                BigInteger.ONE);
        }
        chain.sealOk();
    }
}
