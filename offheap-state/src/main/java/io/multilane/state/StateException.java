package io.multilane.state;

/**
 * The state store cannot be opened or used: unwritable directory, incompatible or corrupt file, I/O failure.
 *
 * <p>Thrown on the thread that called the store; carries a message naming the file or setting at fault.
 */
public class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateException(final String message) {
        super(message);
    }

    public StateException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
