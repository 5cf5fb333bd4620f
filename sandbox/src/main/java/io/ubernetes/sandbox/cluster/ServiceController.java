package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Services: a selector-based Service gets one EndpointSlice listing its pods ({@link
 * EndpointSlices}), kept in step with them and deleted with it; a {@code LoadBalancer} Service gets
 * the next free ingress IP of the load balancer range, and gives it back when it stops being one.
 * Every Ingress gets an address of the same range too, as a cloud's ingress controller gives each
 * its own load balancer (its class and rules are not looked at), kept until it is deleted.
 */
final class ServiceController {
  private final Mirror<Service> services;
  private final Mirror<EndpointSlice> slices;
  private final Mirror<Pod> pods;
  private final Mirror<Ingress> ingresses;
  private final AddressPool loadBalancers;
  private final String zone;

  ServiceController(
      Mirror<Service> services,
      Mirror<EndpointSlice> slices,
      Mirror<Pod> pods,
      Mirror<Ingress> ingresses,
      AddressPool loadBalancers,
      String zone) {
    this.services = services;
    this.slices = slices;
    this.pods = pods;
    this.ingresses = ingresses;
    this.loadBalancers = loadBalancers;
    this.zone = zone;
  }

  void reconcile() {
    Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    for (Pod pod : pods.items()) {
      podsByNamespace
          .computeIfAbsent(pod.getMetadata().getNamespace(), n -> new ArrayList<>())
          .add(pod);
    }
    Map<String, List<EndpointSlice>> ours = new HashMap<>();
    for (EndpointSlice slice : slices.items()) {
      EndpointSlices.serviceOf(slice)
          .ifPresent(key -> ours.computeIfAbsent(key, k -> new ArrayList<>()).add(slice));
    }
    List<Service> all = services.items();
    Set<String> ingressInUse = new HashSet<>();
    all.forEach(service -> ingressIp(service).ifPresent(ingressInUse::add));
    List<Ingress> allIngresses = ingresses.items();
    allIngresses.forEach(ingress -> ingressIp(ingress).ifPresent(ingressInUse::add));
    AddressPool.Allocation allocation = loadBalancers.allocation(ingressInUse);

    for (Service service : all) {
      List<EndpointSlice> existing = ours.remove(Mirror.key(service));
      if (service.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      List<EndpointSlice> stale = existing == null ? List.of() : existing;
      if (EndpointSlices.selectorBased(service)) {
        EndpointSlice desired =
            EndpointSlices.of(
                service,
                podsByNamespace.getOrDefault(service.getMetadata().getNamespace(), List.of()),
                zone);
        stale = write(desired, stale);
      }
      stale.forEach(slices::delete);
      loadBalancer(service, allocation);
    }
    // Slices whose Service is gone: the mock has no garbage collector.
    ours.values().forEach(orphans -> orphans.forEach(slices::delete));
    for (Ingress ingress : allIngresses) {
      if (ingress.getMetadata().getDeletionTimestamp() == null && ingressIp(ingress).isEmpty()) {
        allocation
            .next()
            .ifPresent(
                ip ->
                    ingresses.updateStatus(
                        new IngressBuilder(ingress)
                            .editOrNewStatus()
                            .withLoadBalancer(
                                new IngressLoadBalancerStatus(
                                    List.of(
                                        new IngressLoadBalancerIngressBuilder()
                                            .withIp(ip)
                                            .build())))
                            .endStatus()
                            .build()));
      }
    }
  }

  /** Creates or updates the slice; returns the Service's other slices. */
  private List<EndpointSlice> write(EndpointSlice desired, List<EndpointSlice> existing) {
    List<EndpointSlice> others = new ArrayList<>();
    EndpointSlice current = null;
    for (EndpointSlice slice : existing) {
      if (slice.getMetadata().getName().equals(desired.getMetadata().getName())) {
        current = slice;
      } else {
        others.add(slice);
      }
    }
    if (current == null) {
      slices.create(desired);
    } else {
      EndpointSlice updated =
          new EndpointSliceBuilder(current)
              .editMetadata()
              .withLabels(desired.getMetadata().getLabels())
              .withOwnerReferences(desired.getMetadata().getOwnerReferences())
              .endMetadata()
              .withAddressType(desired.getAddressType())
              .withPorts(desired.getPorts())
              .withEndpoints(desired.getEndpoints())
              .build();
      if (!updated.equals(current)) {
        slices.update(updated);
      }
    }
    return others;
  }

  private void loadBalancer(Service service, AddressPool.Allocation allocation) {
    boolean wanted =
        service.getSpec() != null && "LoadBalancer".equals(service.getSpec().getType());
    Optional<String> assigned = ingressIp(service);
    if (wanted && assigned.isEmpty()) {
      allocation
          .next()
          .ifPresent(
              ip ->
                  setIngress(
                      service,
                      List.of(
                          new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build())));
    } else if (!wanted && assigned.isPresent()) {
      setIngress(service, List.of());
    }
  }

  private void setIngress(Service service, List<LoadBalancerIngress> ingress) {
    services.updateStatus(
        new ServiceBuilder(service)
            .editOrNewStatus()
            .withLoadBalancer(new LoadBalancerStatus(ingress.isEmpty() ? null : ingress))
            .endStatus()
            .build());
  }

  private static Optional<String> ingressIp(Ingress ingress) {
    if (ingress.getStatus() == null
        || ingress.getStatus().getLoadBalancer() == null
        || ingress.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return ingress.getStatus().getLoadBalancer().getIngress().stream()
        .map(IngressLoadBalancerIngress::getIp)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static Optional<String> ingressIp(Service service) {
    if (service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .map(LoadBalancerIngress::getIp)
        .filter(Objects::nonNull)
        .findFirst();
  }
}
