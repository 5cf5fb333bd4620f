package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.ClusterFacts;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.federation.audit.AuditLog;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterSpec;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.security.AgentCredentials;
import io.ubernetes.federation.security.AgentCredentials.Admission;
import io.ubernetes.federation.security.AgentCredentials.State;
import io.ubernetes.federation.security.JoinProperties;
import io.ubernetes.federation.security.JoinTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admits member agents: checks the join token, registers the cluster if it is new, and gives the
 * agent a credential bound to its cluster, at once ({@code AUTO}) or once an operator approves
 * ({@code APPROVAL}). One agent per cluster: another is refused until an operator rotates the
 * credential. The credential is returned once and kept only as a hash; the agent that joined gets a
 * new one if it asks again with its request id, since the answer with the first may have been lost.
 */
@Service
class Admissions {
  private static final Logger log = LoggerFactory.getLogger(Admissions.class);
  static final String JOINED = "Joined";

  private final JoinTokens tokens;
  private final AgentCredentials credentials;
  private final ResourceStore store;
  private final SystemWrites writes;
  private final ResourceReader reader;
  private final MemberClusterStrategy clusters;
  private final JoinProperties properties;
  private final Clock clock;
  private final AuditLog audit;

  Admissions(
      JoinTokens tokens,
      AgentCredentials credentials,
      ResourceStore store,
      SystemWrites writes,
      ResourceReader reader,
      MemberClusterStrategy clusters,
      JoinProperties properties,
      Clock clock,
      AuditLog audit) {
    this.audit = audit;
    this.tokens = tokens;
    this.credentials = credentials;
    this.store = store;
    this.writes = writes;
    this.reader = reader;
    this.clusters = clusters;
    this.properties = properties;
    this.clock = clock;
  }

  @Transactional
  JoinResponse join(JoinRequest request) {
    tokens.admit(request.joinToken(), request.cluster(), request.requestId());
    if (!KubernetesValidation.isDnsLabel(request.cluster())) {
      throw ApiException.invalid(
          "JoinRequest", null, List.of(new FieldError("cluster", "must be a DNS-1123 label")));
    }
    if (request.requestId().isBlank() || request.requestId().length() > 128) {
      throw ApiException.invalid(
          "JoinRequest", null, List.of(new FieldError("requestId", "1 to 128 characters")));
    }
    audit.recordChangeAs(
        "cluster:" + request.cluster(), "join", "MemberCluster", null, request.cluster());
    Instant now = clock.instant();
    MemberCluster cluster = registered(request.cluster(), request.facts());
    UUID uid = UUID.fromString(cluster.metadata().uid());
    lockCluster(request.cluster(), uid);
    Admission admission = credentials.lock(request.cluster()).orElse(null);
    boolean approval = properties.joinMode() == JoinProperties.JoinMode.APPROVAL;
    if (admission == null || admission.state() == State.ROTATED) {
      if (approval) {
        credentials.save(
            new Admission(
                uid, request.cluster(), State.AWAITING_APPROVAL, request.requestId(), null),
            now);
        joined(
            request.cluster(),
            "False",
            "AwaitingApproval",
            "An operator must approve this cluster",
            now);
        log.info("Cluster {} asks to join and awaits approval", request.cluster());
        return awaiting(request.cluster());
      }
      return issue(uid, request, now);
    }
    return switch (admission.state()) {
      case DENIED ->
          throw ApiException.forbidden("an operator denied cluster \"" + request.cluster() + "\"");
      case JOINED -> {
        if (!admission.requestId().equals(request.requestId())) {
          throw ApiException.conflict(
              "cluster \""
                  + request.cluster()
                  + "\" has joined already; an operator must rotate its credential before another"
                  + " agent can join as it");
        }
        // The same agent asks again (its request id is kept with its credential, for its
        // lifetime): the answer that carried its credential was lost. A new one replaces it.
        log.info(
            "Cluster {}: its agent asked to join again; issuing a new credential",
            request.cluster());
        yield issue(uid, request, now);
      }
      case AWAITING_APPROVAL -> {
        requireSameRequest(admission, request);
        yield awaiting(request.cluster());
      }
      case APPROVED -> {
        requireSameRequest(admission, request);
        yield issue(uid, request, now);
      }
      case ROTATED -> throw new IllegalStateException("handled above");
    };
  }

  /** Approves a waiting cluster: its agent gets its credential when it asks again. */
  @Transactional
  MemberCluster approve(String cluster) {
    lockCluster(cluster);
    audit.recordChange("approve", "MemberCluster", null, cluster, null, null);
    Admission admission = waiting(cluster);
    Instant now = clock.instant();
    credentials.save(
        new Admission(admission.clusterUid(), cluster, State.APPROVED, admission.requestId(), null),
        now);
    log.info("Cluster {} approved", cluster);
    return joined(
        cluster,
        "False",
        "Approved",
        "Approved: the agent gets its credential at its next request",
        now);
  }

  /** Denies a cluster: its agent is refused from now on, and any credential stops working. */
  @Transactional
  MemberCluster deny(String cluster) {
    lockCluster(cluster);
    audit.recordChange("deny", "MemberCluster", null, cluster, null, null);
    Admission admission = credentials.lock(cluster).orElseThrow(() -> noRequest(cluster));
    Instant now = clock.instant();
    credentials.save(
        new Admission(admission.clusterUid(), cluster, State.DENIED, admission.requestId(), null),
        now);
    log.info("Cluster {} denied", cluster);
    return joined(cluster, "False", "Denied", "An operator denied this cluster", now);
  }

  /** Revokes the cluster's credential at once; the next agent with the join token may join. */
  @Transactional
  MemberCluster rotate(String cluster) {
    lockCluster(cluster);
    audit.recordChange("rotate-credential", "MemberCluster", null, cluster, null, null);
    Admission admission = credentials.lock(cluster).orElseThrow(() -> noRequest(cluster));
    Instant now = clock.instant();
    credentials.save(
        new Admission(admission.clusterUid(), cluster, State.ROTATED, admission.requestId(), null),
        now);
    log.info("Cluster {}: credential revoked; waiting for an agent to join again", cluster);
    return joined(
        cluster,
        "False",
        "CredentialRotated",
        "The credential was revoked; an agent may join again",
        now);
  }

  /**
   * Gives a joined cluster's agent a new credential at its own request; the one it used stops
   * working when this commits.
   */
  @Transactional
  JoinResponse renew(String cluster) {
    lockCluster(cluster);
    audit.recordChangeAs("cluster:" + cluster, "rotate-credential", "MemberCluster", null, cluster);
    Admission admission = credentials.lock(cluster).orElseThrow(() -> noRequest(cluster));
    if (admission.state() != State.JOINED) {
      throw ApiException.conflict("cluster \"" + cluster + "\" has no current credential");
    }
    AgentCredentials.Issued credential = AgentCredentials.issue();
    credentials.save(
        new Admission(
            admission.clusterUid(),
            cluster,
            State.JOINED,
            admission.requestId(),
            credential.hash()),
        clock.instant());
    log.info("Cluster {}: its agent rotated its credential", cluster);
    return new JoinResponse(
        cluster,
        JoinResponse.State.JOINED,
        credential.credential(),
        "A new credential, shown once; the previous one no longer works");
  }

  private JoinResponse issue(UUID uid, JoinRequest request, Instant now) {
    AgentCredentials.Issued credential = AgentCredentials.issue();
    credentials.save(
        new Admission(uid, request.cluster(), State.JOINED, request.requestId(), credential.hash()),
        now);
    joined(request.cluster(), "True", "Joined", "A member agent joined", now);
    log.info("Cluster {} joined", request.cluster());
    return new JoinResponse(
        request.cluster(),
        JoinResponse.State.JOINED,
        credential.credential(),
        "Joined: send this credential as a bearer token; it is shown once");
  }

  private MemberCluster registered(String name, ClusterFacts facts) {
    try {
      return reader.get(clusters, null, name);
    } catch (ApiException e) {
      if (e.reason() != ApiException.Reason.NOT_FOUND) {
        throw e;
      }
    }
    ClusterFacts known =
        facts == null ? new ClusterFacts(null, null, null, null, null, null) : facts;
    MemberClusterSpec spec =
        new MemberClusterSpec(
            known.region(), known.zone(), known.provider(), known.tier(), null, null, false);
    return store.create(
        clusters, null, new MemberCluster(null, null, ObjectMeta.named(name), spec, null));
  }

  private MemberCluster joined(
      String cluster, String status, String reason, String message, Instant now) {
    return writes.updateStatus(
        clusters,
        null,
        cluster,
        current ->
            current.withConditions(
                Conditions.set(current.conditions(), JOINED, status, reason, message, null, now)));
  }

  /**
   * Locks the cluster's row before its admission row, the order of every transaction that writes
   * both (deleting a cluster removes its admission).
   */
  private void lockCluster(String cluster, UUID uid) {
    if (!writes.lockIfPresent(clusters, null, cluster, uid)) {
      throw ApiException.conflict(
          "cluster \"" + cluster + "\" was deleted while it was joining; try again");
    }
  }

  private void lockCluster(String cluster) {
    MemberCluster current;
    try {
      current = reader.get(clusters, null, cluster);
    } catch (ApiException e) {
      if (e.reason() == ApiException.Reason.NOT_FOUND) {
        throw noRequest(cluster);
      }
      throw e;
    }
    lockCluster(cluster, UUID.fromString(current.metadata().uid()));
  }

  private Admission waiting(String cluster) {
    Admission admission = credentials.lock(cluster).orElseThrow(() -> noRequest(cluster));
    if (admission.state() != State.AWAITING_APPROVAL) {
      throw ApiException.conflict(
          "cluster \"" + cluster + "\" is not awaiting approval (it is " + admission.state() + ")");
    }
    return admission;
  }

  private static void requireSameRequest(Admission admission, JoinRequest request) {
    if (!admission.requestId().equals(request.requestId())) {
      throw ApiException.conflict(
          "another agent has asked to join as \""
              + request.cluster()
              + "\"; one agent per cluster");
    }
  }

  private static JoinResponse awaiting(String cluster) {
    return new JoinResponse(
        cluster,
        JoinResponse.State.AWAITING_APPROVAL,
        null,
        "Waiting for an operator to approve: POST /api/v1/clusters/" + cluster + ":approve");
  }

  private static ApiException noRequest(String cluster) {
    return ApiException.notFound("join request of cluster", null, cluster);
  }
}
