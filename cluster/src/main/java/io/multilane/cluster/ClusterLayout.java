package io.multilane.cluster;

/**
 * Where the members of a cluster listen: member {@code i} of {@code members} on {@code host} uses the UDP ports
 * {@code basePort + 10 i} (client ingress), {@code + 1} (consensus), {@code + 2} (log), {@code + 3} (catch-up) and
 * {@code + 4} (archive control). Immutable; any thread.
 */
public final class ClusterLayout {
    /** Ports reserved per member. */
    public static final int PORTS_PER_MEMBER = 10;
    private static final int INGRESS = 0;
    private static final int CONSENSUS = 1;
    private static final int LOG = 2;
    private static final int CATCHUP = 3;
    private static final int ARCHIVE = 4;

    private final String host;
    private final int basePort;
    private final int members;

    /**
     * @param host the host every member runs on (loopback for a local cluster)
     * @param basePort the first port
     * @param members number of members, 1..9 (odd numbers tolerate the most failures per member)
     */
    public ClusterLayout(final String host, final int basePort, final int members) {
        if (members < 1 || members > 9) {
            throw new IllegalArgumentException("members must be in 1..9: " + members);
        }
        if (basePort < 1024 || basePort + members * PORTS_PER_MEMBER > 65535) {
            throw new IllegalArgumentException("base port out of range: " + basePort);
        }
        this.host = host;
        this.basePort = basePort;
        this.members = members;
    }

    /** @return number of members */
    public int members() {
        return members;
    }

    /** @return the first port */
    public int basePort() {
        return basePort;
    }

    int port(final int member, final int offset) {
        return basePort + member * PORTS_PER_MEMBER + offset;
    }

    private String endpoint(final int member, final int offset) {
        return host + ":" + port(member, offset);
    }

    /** @return the consensus module's member list ({@code id,ingress,consensus,log,catchup,archive|...}) */
    String clusterMembers() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(i).append(',').append(endpoint(i, INGRESS)).append(',').append(endpoint(i, CONSENSUS)).append(',')
                    .append(endpoint(i, LOG)).append(',').append(endpoint(i, CATCHUP)).append(',')
                    .append(endpoint(i, ARCHIVE));
        }
        return sb.toString();
    }

    /** @return the client's ingress endpoints ({@code id=host:port,...}) */
    public String ingressEndpoints() {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i).append('=').append(endpoint(i, INGRESS));
        }
        return sb.toString();
    }

    /** @return member {@code member}'s archive control channel */
    String archiveControlChannel(final int member) {
        return "aeron:udp?endpoint=" + endpoint(member, ARCHIVE) + "|term-length=64k";
    }

    /** @return a channel on an ephemeral port of the host (replication, responses, egress) */
    String ephemeralChannel() {
        return "aeron:udp?endpoint=" + host + ":0";
    }
}
