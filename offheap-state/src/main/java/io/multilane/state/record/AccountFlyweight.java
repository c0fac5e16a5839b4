package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a Account record (ACCOUNT): coin balance, nonce and flags of an account. Layout in {@link AccountDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class AccountFlyweight extends RecordFlyweight {
    @Override
    public AccountFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public AccountFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return AccountDescriptor.LENGTH;
    }

    /** Reads balance into {@code dst} and returns it. */
    public U128 balance(final U128 dst) {
        return getU128(AccountDescriptor.BALANCE_OFFSET, dst);
    }

    public AccountFlyweight setBalance(final U128 value) {
        putU128(AccountDescriptor.BALANCE_OFFSET, value);
        return this;
    }

    public long nonce() {
        return getU64(AccountDescriptor.NONCE_OFFSET);
    }

    public AccountFlyweight setNonce(final long value) {
        putU64(AccountDescriptor.NONCE_OFFSET, value);
        return this;
    }

    public long flags() {
        return getU64(AccountDescriptor.FLAGS_OFFSET);
    }

    public AccountFlyweight setFlags(final long value) {
        putU64(AccountDescriptor.FLAGS_OFFSET, value);
        return this;
    }
}
