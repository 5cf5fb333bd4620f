/**
 * The wire protocol between member agents and the federation service, shared by both sides.
 *
 * <p>An agent {@linkplain JoinRequest joins} with the federation's join token and receives a
 * credential bound to its cluster. With it, the agent sends {@linkplain Heartbeat heartbeats},
 * long-polls its {@linkplain WorkFeed work} ({@code GET
 * /api/v1/agent/clusters/{cluster}/work?since={revision}}) and reports what runs in its cluster
 * ({@link StatusReport}). All paths are under {@code /api/v1/agent}; see {@link Paths}.
 */
package io.ubernetes.agent.protocol;
