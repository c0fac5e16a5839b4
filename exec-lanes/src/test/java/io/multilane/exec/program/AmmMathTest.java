package io.multilane.exec.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;

import io.multilane.exec.program.amm.AmmMath;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.U128;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** AMM integer math against a BigInteger oracle. */
class AmmMathTest {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);
    private final AmmMath math = new AmmMath();

    @Provide
    Arbitrary<BigInteger> u128() {
        return ProgramOps.amounts();
    }

    private static U128 u(final BigInteger v) {
        return new U128(TestChain.hi(v), TestChain.lo(v));
    }

    @Property(tries = 3000)
    void amountOutIsTheUniswapV2FormulaOrReportsOverflow(@ForAll("u128") final BigInteger in,
            @ForAll("u128") final BigInteger rIn, @ForAll("u128") final BigInteger rOut) {
        final BigInteger inFee = in.multiply(BigInteger.valueOf(997));
        final BigInteger denominator = rIn.multiply(BigInteger.valueOf(1000)).add(inFee);
        final U128 out = new U128();
        final boolean ok = math.amountOut(u(in), u(rIn), u(rOut), out);
        final boolean representable = inFee.compareTo(LIMIT) < 0 && denominator.compareTo(LIMIT) < 0 && denominator.signum() > 0;
        assertEquals(representable, ok);
        if (ok) {
            assertEquals(inFee.multiply(rOut).divide(denominator), TestChain.toBig(out));
        }
    }

    @Property(tries = 3000)
    void sqrtOfProductIsTheFloorSquareRoot(@ForAll("u128") final BigInteger a, @ForAll("u128") final BigInteger b) {
        final U128 out = new U128();
        math.sqrtOfProduct(u(a), u(b), out);
        assertEquals(a.multiply(b).sqrt(), TestChain.toBig(out));
    }
}
