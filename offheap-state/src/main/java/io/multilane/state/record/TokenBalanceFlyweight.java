package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a TokenBalance record (TOKEN_BALANCE): an owner's balance of one token. Layout in {@link
 * TokenBalanceDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class TokenBalanceFlyweight extends RecordFlyweight {
    @Override
    public TokenBalanceFlyweight wrap(MutableDirectBuffer buf, int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public TokenBalanceFlyweight wrapForRead(DirectBuffer buf, int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return TokenBalanceDescriptor.LENGTH;
    }

    /** Reads balance into {@code dst} and returns it. */
    public U128 balance(U128 dst) {
        return getU128(TokenBalanceDescriptor.BALANCE_OFFSET, dst);
    }

    public TokenBalanceFlyweight setBalance(U128 value) {
        putU128(TokenBalanceDescriptor.BALANCE_OFFSET, value);
        return this;
    }
}
