package io.ubernetes.agent.protocol;

/**
 * Nodes of a member cluster that can take pods (ready and schedulable), grouped by what each has
 * free for new pods: its allocatable resources minus the requests of the pods bound to it that have
 * not terminated, the federation's own included. The figures are a lower bound for every node of
 * the group: an agent whose nodes are filled in many different ways rounds them down into grades,
 * so that the federation never believes that more fits than does.
 *
 * @param count how many nodes the group has, at least 1
 * @param free what each of them has free at least: cpu, memory and pod slots
 */
public record NodeGroup(int count, Amounts free) {}
