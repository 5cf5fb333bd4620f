package io.ubernetes.federation.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.AuditHook;
import io.ubernetes.federation.resource.FollowUp;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes the audit log. A change made for an audited API request is recorded in the transaction
 * that makes it, so the row exists exactly when the change does; {@link AuditFilter} records
 * whatever was refused or failed, in a transaction of its own. Changes the system makes by itself
 * (the scheduler, health checks, agents' heartbeats and status reports) are not audited.
 */
@Service
public class AuditLog implements AuditHook {
  /** Set on a request that {@link AuditFilter} audits. */
  static final String AUDITED = AuditLog.class.getName() + ".AUDITED";

  /** Set once the request's change and its audit row are committed. */
  static final String RECORDED = AuditLog.class.getName() + ".RECORDED";

  /** Rows of refused writes written in one statement (see {@link #recordLater}). */
  static final int DEFERRED_BATCH = 500;

  /** Rows of refused writes that may wait to be written (see {@link #recordLater}). */
  static final int DEFERRED_LIMIT = 20_000;

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final AuditRepository repository;
  private final Clock clock;
  private final Deque<AuditEvent> deferred = new ConcurrentLinkedDeque<>();
  private final AtomicInteger deferredCount = new AtomicInteger();
  private final FollowUp writeDeferred = new FollowUp("audit-refusals", this::writeDeferred);
  private final Counter dropped;

  AuditLog(AuditRepository repository, Clock clock, MeterRegistry meters) {
    this.repository = repository;
    this.clock = clock;
    this.dropped =
        Counter.builder("ubernetes.audit.rows.dropped")
            .description("Audit rows of refused writes not written: too many waited")
            .register(meters);
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordChange(
      String verb,
      String resource,
      String namespace,
      String name,
      String resourceVersionBefore,
      String resourceVersionAfter) {
    insert(
        claim(
            Callers.current().orElse(null),
            new Change(
                verb, resource, namespace, name, resourceVersionBefore, resourceVersionAfter)));
  }

  /** As {@link #recordChange}, for a caller known by other means (an agent joining). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordChangeAs(
      String subject, String verb, String resource, String namespace, String name) {
    insert(claim(subject, null, new Change(verb, resource, namespace, name, null, null)));
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public Long change(
      String verb,
      String resource,
      String namespace,
      String name,
      String resourceVersionBefore,
      String change,
      List<Object> parameters) {
    AuditEvent event =
        claim(
            Callers.current().orElse(null),
            new Change(verb, resource, namespace, name, resourceVersionBefore, null));
    return repository.change(change, parameters, event);
  }

  /** What a request changed: the object, and its resourceVersions before and after. */
  private record Change(
      String verb,
      String resource,
      String namespace,
      String name,
      String resourceVersionBefore,
      String resourceVersionAfter) {}

  private void insert(AuditEvent event) {
    if (event != null) {
      repository.insert(event);
    }
  }

  private AuditEvent claim(Caller caller, Change change) {
    return caller == null
        ? claim(null, null, change)
        : claim(caller.subject(), caller.tokenId(), change);
  }

  /**
   * The row recording the current request's change, for the caller to insert in the current
   * transaction; null outside an audited request or when the request's first change is recorded
   * already.
   */
  private AuditEvent claim(String subject, String tokenId, Change change) {
    HttpServletRequest request = currentRequest();
    if (request == null
        || request.getAttribute(AUDITED) == null
        || request.getAttribute(RECORDED) != null) {
      return null;
    }
    request.setAttribute(RECORDED, Boolean.FALSE);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
              request.setAttribute(RECORDED, Boolean.TRUE);
            } else {
              request.removeAttribute(RECORDED);
            }
          }
        });
    return new AuditEvent(
        0,
        clock.instant(),
        subject,
        tokenId,
        change.verb(),
        change.resource(),
        change.namespace() == null || change.namespace().isEmpty() ? null : change.namespace(),
        change.name(),
        change.resourceVersionBefore(),
        change.resourceVersionAfter(),
        request.getRemoteAddr(),
        "create".equals(change.verb()) ? 201 : 200,
        "allowed",
        null);
  }

  /**
   * Records a write turned away because too many requests were in flight (see {@code
   * web.InflightLimitFilter}) without a connection of its own: such rows are queued and written
   * together, up to {@link #DEFERRED_BATCH} a statement, on a thread of their own, so that an
   * overload is not made worse by one database round trip per refusal. At most {@link
   * #DEFERRED_LIMIT} wait; past that, refusals are counted in {@code ubernetes.audit.rows.dropped}
   * and logged, not queued. Whatever waits when the service stops is written before its database
   * closes.
   */
  void recordLater(AuditEvent event) {
    if (deferredCount.incrementAndGet() > DEFERRED_LIMIT) {
      deferredCount.decrementAndGet();
      dropped.increment();
      log.warn(
          "Audit row of a refused {} {} dropped: {} rows already wait to be written",
          event.verb(),
          event.resource(),
          DEFERRED_LIMIT);
      return;
    }
    deferred.add(event);
    writeDeferred.request();
  }

  private void writeDeferred() {
    List<AuditEvent> batch = new ArrayList<>(DEFERRED_BATCH);
    for (AuditEvent event = deferred.poll(); event != null; event = deferred.poll()) {
      batch.add(event);
      if (batch.size() == DEFERRED_BATCH || deferred.isEmpty()) {
        try {
          repository.insertAll(batch);
        } catch (RuntimeException e) {
          // Kept, in their order, for the next try.
          batch.reversed().forEach(deferred::addFirst);
          throw e;
        }
        deferredCount.addAndGet(-batch.size());
        batch.clear();
      }
    }
  }

  @PreDestroy
  void writeDeferredNow() {
    writeDeferred.close();
    writeDeferred();
  }

  /** Records an attempt that was refused or failed, or an allowed one nothing recorded. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void recordAttempt(AuditEvent event) {
    repository.insert(event);
  }

  private static HttpServletRequest currentRequest() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
  }
}
