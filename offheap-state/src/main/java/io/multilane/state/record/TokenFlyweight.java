package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a Token record (TOKEN): a token's total supply, mint authority and flags. Layout in {@link TokenDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class TokenFlyweight extends RecordFlyweight {
    @Override
    public TokenFlyweight wrap(MutableDirectBuffer buf, int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public TokenFlyweight wrapForRead(DirectBuffer buf, int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return TokenDescriptor.LENGTH;
    }

    /** Reads totalSupply into {@code dst} and returns it. */
    public U128 totalSupply(U128 dst) {
        return getU128(TokenDescriptor.TOTAL_SUPPLY_OFFSET, dst);
    }

    public TokenFlyweight setTotalSupply(U128 value) {
        putU128(TokenDescriptor.TOTAL_SUPPLY_OFFSET, value);
        return this;
    }

    public long authority() {
        return getU64(TokenDescriptor.AUTHORITY_OFFSET);
    }

    public TokenFlyweight setAuthority(long value) {
        putU64(TokenDescriptor.AUTHORITY_OFFSET, value);
        return this;
    }

    public long flags() {
        return getU64(TokenDescriptor.FLAGS_OFFSET);
    }

    public TokenFlyweight setFlags(long value) {
        putU64(TokenDescriptor.FLAGS_OFFSET, value);
        return this;
    }
}
