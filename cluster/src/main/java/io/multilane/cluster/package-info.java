/**
 * Replicated execution on Aeron Cluster: {@link io.multilane.cluster.EngineService} hosts the engine as a
 * clustered service, {@link io.multilane.cluster.ClusterNode} runs one member, {@link io.multilane.cluster.BlockClient}
 * submits blocks and receives their results.
 */
package io.multilane.cluster;
