package io.multilane.exec.program.tokens;

/**
 * Instructions of the tokens program ({@code ProgramIds.TOKENS}), their argument layouts
 * (offsets inside the argument block, little-endian, u128 as lo then hi) and event types.
 * Constants only; any thread.
 */
public final class TokensInstructions {
    /** Create token {@code token} with the sender as mint authority and {@code supply} credited to the sender. */
    public static final int CREATE = 1;
    public static final int CREATE_TOKEN = 0;
    public static final int CREATE_SUPPLY = 8;
    public static final int CREATE_LENGTH = 24;

    /** Mint {@code amount} of {@code token} to {@code to}; only the token's authority may. */
    public static final int MINT = 2;
    /** Move {@code amount} of {@code token} from the sender to {@code to}. */
    public static final int TRANSFER = 3;
    /** Set the sender's allowance for {@code spender} (the {@code to} field) on {@code token} to {@code amount}. */
    public static final int APPROVE = 4;
    /** Shared layout of MINT, TRANSFER and APPROVE. */
    public static final int TOKEN = 0;
    public static final int TO = 8;
    public static final int AMOUNT = 16;
    public static final int LENGTH = 32;

    /** Move {@code amount} of {@code token} from {@code owner} to {@code to}, spending the sender's allowance. */
    public static final int TRANSFER_FROM = 5;
    public static final int TRANSFER_FROM_TOKEN = 0;
    public static final int TRANSFER_FROM_OWNER = 8;
    public static final int TRANSFER_FROM_TO = 16;
    public static final int TRANSFER_FROM_AMOUNT = 24;
    public static final int TRANSFER_FROM_LENGTH = 40;

    /** Event: token created; a = token, b = authority, amount0 = initial supply. */
    public static final int EVENT_CREATED = 1;
    /** Event: mint; a = token, b = to, amount0 = amount. */
    public static final int EVENT_MINT = 2;
    /** Event: transfer; a = token, b = from, c = to, amount0 = amount. */
    public static final int EVENT_TRANSFER = 3;
    /** Event: approval; a = token, b = owner, c = spender, amount0 = amount. */
    public static final int EVENT_APPROVAL = 4;

    /** Token flag: set on every created token (so a token record is never all-zero). */
    public static final long FLAG_CREATED = 1;

    private TokensInstructions() {
    }
}
