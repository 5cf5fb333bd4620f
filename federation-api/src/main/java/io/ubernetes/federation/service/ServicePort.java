package io.ubernetes.federation.service;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One port of a {@link FederatedService}, as in a Kubernetes Service.
 *
 * @param name an IANA service name (e.g. {@code http}); required when there is more than one port
 * @param port the port the Service listens on
 * @param targetPort the pods' port, by number or by the name of a container port; defaults to
 *     {@code port}
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 */
public record ServicePort(
    @Schema(example = "http", maxLength = 15) String name,
    @Schema(
            minimum = "1",
            maximum = "65535",
            example = "80",
            requiredMode = Schema.RequiredMode.REQUIRED)
        Integer port,
    @Schema(description = "a port number, or the name of a container port") IntOrString targetPort,
    @Schema(
            defaultValue = ServicePort.TCP,
            allowableValues = {ServicePort.TCP, ServicePort.UDP, ServicePort.SCTP})
        String protocol) {
  public static final String TCP = "TCP";
  public static final String UDP = "UDP";
  public static final String SCTP = "SCTP";
}
