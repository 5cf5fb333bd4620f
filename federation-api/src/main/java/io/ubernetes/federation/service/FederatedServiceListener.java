package io.ubernetes.federation.service;

/**
 * Told of every create, replace and patch of a {@link FederatedService}, inside its transaction,
 * after validation and before the object is stored: to derive what follows from it, such as the
 * Services in member clusters' work. Implementations that must also follow deletions are a {@link
 * io.ubernetes.federation.resource.DeletionHook} too.
 */
public interface FederatedServiceListener {

  /**
   * @param spec the spec about to be stored, with defaults applied; the stored object, if any,
   *     still has its previous one
   */
  void writing(String namespace, String name, FederatedServiceSpec spec);
}
