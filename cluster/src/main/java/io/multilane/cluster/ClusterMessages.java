package io.multilane.cluster;

import java.nio.ByteOrder;

import io.multilane.exec.tx.BlockDescriptor;

/**
 * Byte layouts of what the cluster exchanges besides the blocks themselves (a client's ingress message is one
 * block, {@code docs/tx-format.md}): the service's reply to each submitted block (egress) and the report of a
 * block's state root every member offers to the log after executing it. Little-endian. Constants only.
 *
 * <p>Reply ({@value #REPLY_LENGTH} bytes): the submission's {@code status} ({@code BlockStatus}: SEALED when this
 * submission committed the block, WRONG_HEIGHT for a duplicate or a block ahead of the cluster, or why the block
 * was refused), the block's height, the height the cluster expects next, and, when {@link #FLAG_COMMITTED} is set,
 * the committed result of that height (transactions, failed receipts, the cluster's log timestamp of the commit,
 * the state root after it).
 *
 * <p>Root report ({@value #REPORT_LENGTH} bytes): height and root, or only the height when the member skipped the
 * block because its store already held it ({@link #FLAG_ROOT_KNOWN} clear).
 */
public final class ClusterMessages {
    /** Byte order of every field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Type byte of a reply. */
    public static final byte TYPE_REPLY = 'R';
    /** Type byte of a root report. Distinct from a block's version byte (1), so the log's two kinds never mix. */
    public static final byte TYPE_ROOT_REPORT = 'P';

    public static final int TYPE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int STATUS_OFFSET = 2;
    public static final int TRANSACTIONS_OFFSET = 4;
    public static final int HEIGHT_OFFSET = 8;
    public static final int NEXT_HEIGHT_OFFSET = 16;
    public static final int FAILED_OFFSET = 24;
    public static final int COMMITTED_STATUS_OFFSET = 28;
    public static final int TIMESTAMP_OFFSET = 32;
    public static final int ROOT_OFFSET = 40;
    public static final int REPLY_LENGTH = ROOT_OFFSET + BlockDescriptor.ROOT_LENGTH;

    /** Reply flag: the committed result of the height is attached. */
    public static final int FLAG_COMMITTED = 1;

    public static final int REPORT_HEIGHT_OFFSET = 8;
    public static final int REPORT_ROOT_OFFSET = 16;
    public static final int REPORT_LENGTH = REPORT_ROOT_OFFSET + BlockDescriptor.ROOT_LENGTH;
    /** Report flag: the root is the member's root after the block. */
    public static final int FLAG_ROOT_KNOWN = 1;

    private ClusterMessages() {
    }
}
