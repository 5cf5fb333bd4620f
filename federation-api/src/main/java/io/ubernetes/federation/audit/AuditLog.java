package io.ubernetes.federation.audit;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.AuditHook;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
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

  private final AuditRepository repository;
  private final Clock clock;

  AuditLog(AuditRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
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
